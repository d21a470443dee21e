package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.query.embedded.DuckDbErrors.Author;
import io.redback.rdw.spi.SqlMemoryLimitException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** One mapping of DuckDB's errors for the query engine (a user's SQL) and the SQL runtime (rdw's own SQL). */
class DuckDbErrorsTest {
    private static SQLException duck(String message) {
        return new SQLException(message);
    }

    @Test
    void blamesTheUserForTheirQueryButTheEngineForItself() {
        SQLException parser = duck("Parser Error: syntax error at or near \"FORM\"\n\nLINE 1: SELECT * FORM t\n        ^");
        assertThat(DuckDbErrors.translate(parser, "query failed", Author.USER)).isInstanceOf(InvalidInputException.class)
                .hasMessage("query failed: Parser Error: syntax error at or near \"FORM\"");
        assertThat(DuckDbErrors.translate(parser, "rides.csv", Author.RDW)).isInstanceOf(BackendUnavailableException.class)
                .hasMessage("rides.csv: the embedded SQL engine failed: Parser Error: syntax error at or near \"FORM\"");
    }

    @Test
    void reportsBadValuesAsInputWhoeverWroteTheSql() {
        SQLException conversion = duck("Conversion Error: Could not convert string 'x' to INT64");
        assertThat(DuckDbErrors.translate(conversion, "query failed", Author.USER)).isInstanceOf(InvalidInputException.class);
        assertThat(DuckDbErrors.translate(conversion, "rides.csv", Author.RDW)).isInstanceOf(InvalidInputException.class)
                .hasMessage("rides.csv: Conversion Error: Could not convert string 'x' to INT64");
    }

    @Test
    void signalsMemoryPermissionAndIoDistinctly() {
        SQLException memory = duck("Out of Memory Error: failed to allocate data of size 16.0 MiB (17.9 MiB/30.5 MiB used)");
        assertThat(DuckDbErrors.translate(memory, "query failed", Author.USER)).isInstanceOf(SqlMemoryLimitException.class)
                .hasMessageContaining("RDW_MEMORY_LIMIT");
        assertThat(DuckDbErrors.translate(memory, "wide.csv", Author.RDW)).isInstanceOf(SqlMemoryLimitException.class)
                .hasMessageStartingWith("wide.csv: ");
        assertThat(DuckDbErrors.translate(duck("Permission Error: Cannot access file \"/etc/passwd\""), "query failed",
                Author.USER)).isInstanceOf(ForbiddenException.class);
        assertThat(DuckDbErrors.translate(duck("IO Error: No files found that match the pattern"), "query failed",
                Author.USER)).isInstanceOf(BackendUnavailableException.class);
    }
}
