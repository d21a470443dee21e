package io.redback.rdw;

/** An object, bucket or dataset that does not exist. */
public class NotFoundException extends RdwException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
