package io.redback.rdw.stream;

import io.redback.rdw.RdwException;

/** The worker answered with an error: its handler threw. The message carries the worker's. */
public class JobFailedException extends RdwException {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final String correlationId;
    private final String workerMessage;

    public JobFailedException(String topic, String correlationId, String workerMessage) {
        super("the job on " + topic + " (correlation id " + correlationId + ") failed in its worker: " + workerMessage);
        this.topic = topic;
        this.correlationId = correlationId;
        this.workerMessage = workerMessage;
    }

    /** The topic the request went to. */
    public String topic() {
        return topic;
    }

    /** The request's correlation id. */
    public String correlationId() {
        return correlationId;
    }

    /** What the worker's handler said when it failed. */
    public String workerMessage() {
        return workerMessage;
    }
}
