package io.redback.rdw.spi;

import java.util.List;

/**
 * What {@link SqlWorkspace#load} stored: a table of the workspace holding a file's rows in file order.
 *
 * @param table   the table's name in the workspace
 * @param columns the file's columns, in order; read them through {@link LoadedColumn#value()}
 * @param rows    the number of data rows
 */
public record LoadedTable(String table, List<LoadedColumn> columns, long rows) {
    public LoadedTable {
        columns = List.copyOf(columns);
    }

    /** The columns' names, in order. */
    public List<String> names() {
        return columns.stream().map(LoadedColumn::name).toList();
    }

    /** The columns' types, in order. */
    public List<String> types() {
        return columns.stream().map(LoadedColumn::type).toList();
    }
}
