package io.redback.rdw.spi;

import io.redback.rdw.RdwException;

import java.util.UUID;

/**
 * A sink will never accept this event as it is (a value its table cannot hold, a document its index rejects): sending
 * it again cannot help. The outbox moves it to the dead-letter file with this message and goes on with the others.
 */
public class ProvenanceRefusedException extends RdwException {
    private static final long serialVersionUID = 1L;

    private final UUID eventId;

    /**
     * @param eventId the refused event, or {@code null} when a batch was refused without saying which event
     */
    public ProvenanceRefusedException(UUID eventId, String message, Throwable cause) {
        super(message, cause);
        this.eventId = eventId;
    }

    /** The refused event, or {@code null} if the sink could not tell which one of a batch it was. */
    public UUID eventId() {
        return eventId;
    }
}
