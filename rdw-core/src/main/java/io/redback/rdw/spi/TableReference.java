package io.redback.rdw.spi;

import java.util.List;

/**
 * A dataset a query reads, as written in the SQL text.
 *
 * @param path     the identifier's segments, e.g. {@code [dw-bucket-silver, project1, 2025, rides.parquet]}
 * @param start    offset of the identifier's first character in the SQL text
 * @param end      offset just past its last character
 * @param hasAlias whether the query gives it an alias ({@code ... AS r})
 */
public record TableReference(List<String> path, int start, int end, boolean hasAlias) {
    public TableReference {
        path = List.copyOf(path);
    }
}
