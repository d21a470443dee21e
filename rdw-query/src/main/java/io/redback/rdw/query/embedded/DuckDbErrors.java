package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.SqlMemoryLimitException;

import java.sql.SQLException;

/**
 * DuckDB's errors as rdw's, for the query engine and the SQL runtime alike. DuckDB names the kind of error at the
 * start of its message ({@code Conversion Error: ...}); who wrote the SQL decides the rest: an error in a user's
 * query is the user's to fix, one in SQL that rdw wrote (a pipeline's) is the engine failing.
 */
final class DuckDbErrors {
    /** Whose SQL failed. */
    enum Author { USER, RDW }

    private DuckDbErrors() {
    }

    /**
     * @param subject what failed, the start of the message: {@code query failed}, or the file a pipeline works on
     */
    static RdwException translate(SQLException e, String subject, Author author) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // DuckDB quotes the statement after a blank line: rewritten text for a user, pages of SQL for a pipeline
        int cut = m.indexOf("\n\nLINE ");
        String message = (cut > 0 ? m.substring(0, cut) : m).strip();
        if (message.startsWith("Out of Memory")) {
            return new SqlMemoryLimitException(subject + ": " + (author == Author.RDW ? "the embedded SQL engine failed: " : "")
                    + message + " (the limit is " + EmbeddedQueryEngineProvider.MEMORY_LIMIT.describe() + ")", e);
        }
        if (message.startsWith("INTERRUPT Error")) {
            // InterruptWatch cancelled it: the thread running the query was interrupted
            return new BackendUnavailableException(subject + ": cancelled, the thread running it was interrupted", e);
        }
        if (author == Author.USER) {
            if (message.startsWith("Permission Error")) {
                return new ForbiddenException(subject + ": " + message, e);
            }
            if (message.startsWith("IO Error") || message.startsWith("FATAL")) {
                return new BackendUnavailableException(subject + ": " + message, e);
            }
            return new InvalidInputException(subject + ": " + message, e);
        }
        if (message.startsWith("Conversion Error") || message.startsWith("Invalid Input Error")
                || message.startsWith("Binder Error")) {
            return new InvalidInputException(subject + ": " + message, e);
        }
        return new BackendUnavailableException(subject + ": the embedded SQL engine failed: " + message, e);
    }

    /** The first line of DuckDB's message without its kind: what a user reads about a file the engine refused. */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m).replaceFirst("^[A-Za-z ]+ Error: ", "");
    }
}
