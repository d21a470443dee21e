package io.redback.rdw.spi;

import io.redback.rdw.BackendUnavailableException;

/**
 * A statement needed more memory than the engine's limit allows and could not spill. Doing less at once (one column's
 * statistics at a time, say) may fit where the whole did not; otherwise raise the limit.
 */
public class SqlMemoryLimitException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    public SqlMemoryLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
