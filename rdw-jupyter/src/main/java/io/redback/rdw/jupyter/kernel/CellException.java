package io.redback.rdw.jupyter.kernel;

import java.util.List;

/**
 * Why a cell failed, as the few lines a notebook shows: the exception's name and message, its causes one line each,
 * or where a compile error is. Never a stack trace: the cell's code is the user's, the kernel's frames are noise.
 */
public final class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> lines;

    CellException(String message, List<String> lines) {
        super(message, null, false, false);
        this.lines = List.copyOf(lines);
    }

    CellException(String message) {
        this(message, List.of(message));
    }

    /** What the notebook shows, a line each. */
    public List<String> lines() {
        return lines;
    }
}
