package io.redback.rdw;

/**
 * The root of every error rdw reports. Unchecked: callers catch the subclass they can act on
 * ({@link NotFoundException}, {@link AlreadyExistsException}, {@link ForbiddenException},
 * {@link InvalidInputException}, {@link BackendUnavailableException}, {@link ConfigurationException})
 * and let the rest propagate. Messages say what failed, on what, and what to do; they never carry a secret.
 */
public class RdwException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RdwException(String message) {
        super(message);
    }

    public RdwException(String message, Throwable cause) {
        super(message, cause);
    }
}
