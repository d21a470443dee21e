package io.redback.rdw.query.dremio;

/**
 * The time a Dremio job is polled by: the system's clock and sleep, or, in a test, a clock that moves only when the
 * poller sleeps, so that the polls before a timeout can be counted exactly.
 */
interface JobClock {
    /** The system's monotonic clock and {@link Thread#sleep(long)}. */
    JobClock SYSTEM = new JobClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    };

    /** Now, in nanoseconds from an arbitrary origin, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits {@code millis} milliseconds. */
    void sleep(long millis) throws InterruptedException;
}
