package io.redback.rdw.spi;

import java.util.List;

/**
 * A dataset a query reads, as written in the SQL text.
 *
 * @param path     the identifier's segments, e.g. {@code [dw-bucket-silver, project1, 2025, rides.parquet]}
 * @param start    offset of the identifier's first character in the SQL text
 * @param end      offset just past its last character
 * @param alias    whether the query gives it an alias ({@code ... AS r}); an engine that replaces the name adds one
 *                 when there is none, so column references keep working
 */
public record TableReference(List<String> path, int start, int end, Alias alias) {

    /** Whether a dataset has an alias in the query. */
    public enum Alias { NONE, GIVEN }

    public TableReference {
        path = List.copyOf(path);
    }

    /** Whether the query gives it an alias. */
    public boolean hasAlias() {
        return alias == Alias.GIVEN;
    }
}
