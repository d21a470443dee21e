package io.redback.rdw.stream;

/** A running worker of {@link JobClient#serve}: it answers requests on its own thread until closed. */
public interface Worker extends AutoCloseable {

    /** How many requests it has answered (a reply acknowledged by the brokers), errors included. */
    long served();

    /** Stops after the request in hand; a request whose reply was not acknowledged comes again to the group. */
    @Override
    void close();
}
