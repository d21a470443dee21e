package io.redback.rdw.spi;

import io.redback.rdw.QueryCheck;

import java.util.List;

/**
 * A statement after the guard has parsed it: the verdict and, for an allowed query, the datasets it reads with
 * their positions in the text (so an engine can map them to its own storage without re-parsing).
 */
public record CheckedQuery(String sql, QueryCheck check, List<TableReference> tables) {
    public CheckedQuery {
        tables = List.copyOf(tables);
    }
}
