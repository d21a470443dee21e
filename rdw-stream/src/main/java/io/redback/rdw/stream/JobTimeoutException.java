package io.redback.rdw.stream;

import io.redback.rdw.BackendUnavailableException;

/** No reply came in time: no worker serves the topic, or it is slow or down. */
public class JobTimeoutException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String correlationId;

    public JobTimeoutException(String topic, String correlationId, String message) {
        super(message);
        this.topic = topic;
        this.correlationId = correlationId;
    }

    /** The topic the request went to. */
    public String topic() {
        return topic;
    }

    /** The request's correlation id. */
    public String correlationId() {
        return correlationId;
    }
}
