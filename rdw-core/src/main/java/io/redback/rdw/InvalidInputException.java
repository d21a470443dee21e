package io.redback.rdw;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Input that rdw refuses: a hostile name or key, a malformed file, SQL that does not parse.
 * Where the input is a file, {@link #source()} names it and {@link #line()} says where the problem is.
 */
public class InvalidInputException extends RdwException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;

    public InvalidInputException(String message) {
        this(message, null, -1, null);
    }

    public InvalidInputException(String message, Throwable cause) {
        this(message, null, -1, cause);
    }

    /**
     * @param source the file or object the problem is in
     * @param line   1-based line number, or -1 when unknown
     */
    public InvalidInputException(String message, String source, long line, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.line = line;
    }

    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }
}
