package io.redback.rdw;

/** A backend (object store, query engine, provenance store) that cannot be reached or failed while working. */
public class BackendUnavailableException extends RdwException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
