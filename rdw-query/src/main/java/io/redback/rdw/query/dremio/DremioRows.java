package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.spi.RowCursor;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a completed job, read from Dremio a page at a time as the caller moves forward: only one page is in
 * memory, and every row is read (not just the first page), up to the job's row count.
 */
final class DremioRows implements RowCursor {
    private final DremioJob job;
    private final List<DremioValues.Field> fields;
    private final List<Column> columns;
    /** Rows the job produced, or -1 when Dremio did not say (then reading stops at a short page). */
    private final long total;
    private JsonNode page;
    private int index = -1;
    private long read;
    private JsonNode row;
    private boolean closed;

    DremioRows(DremioJob job, JsonNode status) {
        this.job = job;
        // the first page also carries the schema, so the columns are known even when there are no rows
        JsonNode first = job.page(0);
        this.page = first.path("rows");
        this.fields = DremioValues.schema(first.path("schema"));
        List<Column> cols = new ArrayList<>();
        for (DremioValues.Field f : fields) {
            cols.add(new Column(f.name(), f.type().name()));
        }
        this.columns = List.copyOf(cols);
        JsonNode count = first.hasNonNull("rowCount") ? first.get("rowCount") : status.get("rowCount");
        this.total = count != null && count.canConvertToLong() ? count.longValue() : -1;
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        if (index + 1 >= page.size()) {
            if (!nextPage()) {
                close();
                return false;
            }
        } else {
            index++;
        }
        row = page.get(index);
        read++;
        return true;
    }

    /** Moves to the first row of the next page; {@code false} when every row has been read. */
    private boolean nextPage() {
        boolean more = total >= 0 ? read < total : page.size() == DremioJob.PAGE;
        if (!more) {
            return false;
        }
        page = null; // let the old page go before the next one arrives
        try {
            page = job.page(read).path("rows");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        index = 0;
        if (page.size() == 0) {
            if (total < 0) {
                return false;
            }
            throw new BackendUnavailableException("Dremio job " + job.id() + " reported " + total + " rows but sent none "
                    + "from row " + read + "; run the query again");
        }
        return true;
    }

    @Override
    public Object value(int index) {
        if (row == null) {
            throw new IllegalStateException("call next() first");
        }
        DremioValues.Field f = fields.get(index);
        JsonNode v = row.get(f.name());
        try {
            return DremioValues.convert(v, f.type());
        } catch (IllegalArgumentException e) {
            String shown = v.toString();
            throw new BackendUnavailableException("Dremio sent " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown)
                    + " in column " + f.name() + " of type " + f.type().name() + " (row " + read + " of job "
                    + job.id() + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing is held on the server: the job's results stay in Dremio's job store
        closed = true;
        page = null;
        row = null;
    }
}
