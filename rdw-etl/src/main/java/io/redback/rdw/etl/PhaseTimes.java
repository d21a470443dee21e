package io.redback.rdw.etl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Where a run's time went, phase by phase, in the order the phases first ran; a phase that runs again adds up. */
final class PhaseTimes {
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    <T> T time(String phase, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    void time(String phase, Runnable work) {
        time(phase, () -> {
            work.run();
            return null;
        });
    }

    void add(String phase, Duration took) {
        nanos.merge(phase, took.toNanos(), Long::sum);
    }

    Map<String, Duration> asMap() {
        Map<String, Duration> out = new LinkedHashMap<>();
        nanos.forEach((phase, n) -> out.put(phase, Duration.ofNanos(n)));
        return out;
    }
}
