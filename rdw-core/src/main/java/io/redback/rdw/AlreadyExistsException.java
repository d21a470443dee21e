package io.redback.rdw;

/** A write that would replace something that must not be replaced: a bronze object, or any object without an explicit overwrite. */
public class AlreadyExistsException extends RdwException {
    private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String message) {
        super(message);
    }

    public AlreadyExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
