package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.query.ArrowBatches;
import io.redback.rdw.spi.RowCursor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The rows of a completed job, read from Dremio a page at a time as the caller moves forward: only one page is in
 * memory, and every row is read (not just the first page), up to the job's row count. When every column has a plain
 * type, the result is also {@link ArrowBatches}: each page as an Arrow record batch, as over Flight.
 */
class DremioRows implements RowCursor {
    private final DremioJob job;
    private final List<DremioValues.Field> fields;
    private final List<Column> columns;
    /** Rows the job produced, or -1 when Dremio did not say (then reading stops at a short page). */
    private final long total;
    /** The rows of the current page. */
    private JsonNode page;
    /** The current row's place in the page; -1 before the first. */
    private int index = -1;
    /** Rows in the pages fetched so far, the current one included. */
    private long fetched;
    private JsonNode row;
    private boolean closed;

    private DremioRows(DremioJob job, JsonNode status, JsonNode first, List<DremioValues.Field> fields) {
        this.job = job;
        this.page = first.path("rows");
        this.fetched = page.size();
        this.fields = fields;
        List<Column> cols = new ArrayList<>();
        for (DremioValues.Field f : fields) {
            cols.add(new Column(f.name(), f.type().name()));
        }
        this.columns = List.copyOf(cols);
        JsonNode count = first.hasNonNull("rowCount") ? first.get("rowCount") : status.get("rowCount");
        this.total = count != null && count.canConvertToLong() ? count.longValue() : -1;
    }

    /**
     * The job's rows, starting with its first page (which also carries the schema, so the columns are known even when
     * there are no rows). {@code memory} gives the Arrow allocator, asked for only when batches are read.
     */
    static DremioRows open(DremioJob job, JsonNode status, Supplier<BufferAllocator> memory) {
        JsonNode first = job.page(0);
        List<DremioValues.Field> fields = DremioValues.schema(first.path("schema"));
        Schema arrow = RestBatches.schema(fields);
        return arrow == null ? new DremioRows(job, status, first, fields) : new Batches(job, status, first, fields, arrow, memory);
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
            if (!fetchNext()) {
                close();
                return false;
            }
            index = 0;
        } else {
            index++;
        }
        row = page.get(index);
        return true;
    }

    /** Moves to the page after the current one; {@code false} when every row has been fetched. */
    private boolean fetchNext() {
        boolean more = total >= 0 ? fetched < total : page.size() == DremioJob.PAGE;
        if (!more) {
            return false;
        }
        page = null; // let the old page go before the next one arrives
        try {
            page = job.page(fetched).path("rows");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (page.size() == 0) {
            if (total < 0) {
                return false;
            }
            throw new BackendUnavailableException("Dremio job " + job.id() + " reported " + total + " rows but sent none "
                    + "from row " + fetched + "; run the query again");
        }
        fetched += page.size();
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
            throw badValue(v, f, fetched - page.size() + this.index, e);
        }
    }

    private BackendUnavailableException badValue(JsonNode v, DremioValues.Field f, long rowIndex, RuntimeException e) {
        String shown = String.valueOf(v);
        return new BackendUnavailableException("Dremio sent " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown)
                + " in column " + f.name() + " of type " + f.type().name() + " (row " + (rowIndex + 1) + " of job "
                + job.id() + "): " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // nothing is held on the server: the job's results stay in Dremio's job store
        closed = true;
        page = null;
        row = null;
    }

    /** Rows that are also Arrow batches, a page each. Read them either as batches or as rows, not both. */
    private static final class Batches extends DremioRows implements ArrowBatches {
        private final List<DremioValues.Field> fields;
        private final Schema schema;
        private final Supplier<BufferAllocator> memory;
        private RestBatches batches;
        private VectorSchemaRoot root;
        private boolean started;

        Batches(DremioJob job, JsonNode status, JsonNode first, List<DremioValues.Field> fields, Schema schema,
                Supplier<BufferAllocator> memory) {
            super(job, status, first, fields);
            this.fields = fields;
            this.schema = schema;
            this.memory = memory;
        }

        @Override
        public boolean nextBatch() {
            DremioRows rows = this;
            if (rows.closed) {
                return false;
            }
            // the first batch is the first page, unless rows were read from it
            if ((started || rows.index >= 0 || rows.page.size() == 0) && !rows.fetchNext()) {
                close();
                return false;
            }
            started = true;
            rows.index = rows.page.size() - 1; // the page's rows are read, as a batch
            rows.row = null;
            if (batches == null) {
                batches = RestBatches.of(fields, schema, memory.get());
            }
            long firstRow = rows.fetched - rows.page.size();
            root = batches.fill(rows.page, (v, f, r, e) -> rows.badValue(v, f, firstRow + r, e));
            return true;
        }

        @Override
        public VectorSchemaRoot batch() {
            return root;
        }

        @Override
        public void close() {
            super.close();
            root = null;
            if (batches != null) {
                batches.close();
                batches = null;
            }
        }
    }
}
