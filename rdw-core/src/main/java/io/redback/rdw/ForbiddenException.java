package io.redback.rdw;

/** An operation the governance rules do not allow: deleting from bronze, a statement that is not a query, a path outside the warehouse. */
public class ForbiddenException extends RdwException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(message, cause);
    }
}
