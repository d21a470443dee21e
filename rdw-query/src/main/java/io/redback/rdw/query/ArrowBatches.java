package io.redback.rdw.query;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The Arrow record batches behind a query result, for power users who want columns rather than rows:
 * <pre>{@code
 * try (QueryResult r = dw.query(sql)) {
 *     ArrowBatches batches = r.unwrap(ArrowBatches.class).orElseThrow();
 *     while (batches.nextBatch()) {
 *         VectorSchemaRoot root = batches.batch();   // valid until the next call
 *     }
 * }
 * }</pre>
 * Over Flight SQL the batches are the ones Dremio streams; over REST each page of results (up to 500 rows) is one
 * batch, in the Arrow types Dremio's Flight endpoint uses, for results whose columns all have plain types (LIST, STRUCT
 * and MAP columns come as rows only). Read a result either as batches or as rows, not both.
 */
public interface ArrowBatches {

    /** Moves to the next batch; {@code false} at the end. */
    boolean nextBatch();

    /** The current batch; its vectors are reused by the next {@link #nextBatch()}. */
    VectorSchemaRoot batch();
}
