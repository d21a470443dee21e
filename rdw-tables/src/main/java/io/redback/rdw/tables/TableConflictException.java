package io.redback.rdw.tables;

import io.redback.rdw.RdwException;

/**
 * Another commit changed the table while this one was made, and this change no longer applies to the new version:
 * nothing was committed, and the table is as the other commit left it. Read it again and decide.
 */
public class TableConflictException extends RdwException {
    private static final long serialVersionUID = 1L;

    public TableConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
