package io.redback.rdw.jupyter.kernel;

import io.redback.rdw.Column;
import io.redback.rdw.Row;
import io.redback.rdw.spi.RowCursor;

import java.util.List;

/** Rows already in memory as a cursor, so a kept result displays as any query result does. */
final class RowsCursor implements RowCursor {
    private final List<Column> columns;
    private final List<Row> rows;
    private int index = -1;

    RowsCursor(List<Column> columns, List<Row> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        index++;
        return index < rows.size();
    }

    @Override
    public Object value(int column) {
        return rows.get(index).get(column);
    }

    @Override
    public void close() {
        index = rows.size();
    }
}
