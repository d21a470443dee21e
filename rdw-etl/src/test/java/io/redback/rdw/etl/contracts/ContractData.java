package io.redback.rdw.etl.contracts;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;

import java.nio.file.Path;

/** Purpose-built datasets for the contract tests; every count a test expects is worked out in its comment. */
final class ContractData {
    private ContractData() {
    }

    /**
     * Ten rides. id: 9 twice (1 duplicate). device: one null, '' and 'N/A' (3 missing with null), 'x', '' and 'N/A'
     * outside [a, b, c] (3 invalid). speed: one null, -5 and 250 outside [0, 200] (2), 250 over 100 (1).
     * (tenant, order_no): (t1,3) twice and (t2,2) three times (1 + 2 = 3 duplicates). code: 'ab3' and 'GH55' do not
     * match [A-Z]{2}[0-9] (2). when_text: 'yesterday' is no timestamp (1), one null.
     */
    static final String RIDES = """
            SELECT * FROM (VALUES
              (1, 'a',  10.0, 't1', 1, 'AB1', '2025-01-01T08:00:00', 'ok'),
              (2, 'a',  20.0, 't1', 2, 'CD2', '2025-01-01T08:00:00', NULL),
              (3, 'b',  30.0, 't1', 3, 'ab3', '2025-01-01 08:00:00', NULL),
              (4, 'b',  -5.0, 't1', 3, 'EF4', '2025-01-01T08:00:00', NULL),
              (5, 'c', 250.0, 't2', 1, 'GH55', '2025-01-01T08:00:00', NULL),
              (6, 'x',  NULL, 't2', 2, 'IJ6', '2025-01-01T08:00:00', NULL),
              (7, NULL, 40.0, 't2', 2, 'KL7', '2025-01-01T08:00:00', NULL),
              (8, '',   50.0, 't2', 2, 'MN8', 'yesterday', NULL),
              (9, 'N/A', 60.0, 't2', 4, 'OP9', NULL, NULL),
              (9, 'a',  70.0, 't2', 5, 'QR0', '2025-01-01', NULL)
            ) AS v(id, device, speed, tenant, order_no, code, when_text, note)""";

    /** Writes {@code select} as a Parquet object of the silver layer, typed as the query types it. */
    static ObjectRef silver(WarehouseClient dw, Path dir, String key, String select) {
        Path file = dir.resolve("data-" + System.nanoTime() + ".parquet");
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("test data", dir)) {
            ws.copy("SELECT CAST(id AS BIGINT) AS id, * EXCLUDE (id) FROM (" + select + ")", file, FileFormat.PARQUET);
        }
        dw.bucket(Layer.SILVER).put(key, file);
        return new ObjectRef(Layer.SILVER, key);
    }
}
