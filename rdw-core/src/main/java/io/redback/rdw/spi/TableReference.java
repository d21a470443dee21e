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
 * @param version  the time-travel clause that follows it, as written ({@code AT BRANCH dev}, {@code AT TAG v1},
 *                 {@code AT SNAPSHOT '42'}, {@code AT TIMESTAMP '...'}), or null for none
 * @param versionEnd offset just past the clause; {@code end} when there is none. An engine that replaces the name
 *                 with the version's data replaces the clause with it
 */
public record TableReference(List<String> path, int start, int end, Alias alias, String version, int versionEnd) {

    /** Whether a dataset has an alias in the query. */
    public enum Alias { NONE, GIVEN }

    public TableReference {
        path = List.copyOf(path);
        if (version == null) {
            versionEnd = end;
        }
    }

    /** A dataset without a time-travel clause. */
    public TableReference(List<String> path, int start, int end, Alias alias) {
        this(path, start, end, alias, null, end);
    }

    /** The same dataset, read at the version a clause names. */
    public TableReference at(String clause, int clauseEnd) {
        return new TableReference(path, start, end, alias, clause, clauseEnd);
    }

    /** Whether the query gives it an alias. */
    public boolean hasAlias() {
        return alias == Alias.GIVEN;
    }
}
