package io.redback.rdw.query.embedded;

import io.redback.rdw.Layer;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A query result to Parquet through the client's SQL runtime, as {@code rdw query --format parquet} does. */
class ParquetExportTest {
    @TempDir
    Path dir;

    @Test
    void exportsAResultToParquetWithItsTypes() throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh")).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            Path out = dir.resolve("export.parquet");
            long n;
            try (QueryResult result = dw.query("SELECT * FROM (VALUES (CAST(1 AS BIGINT), 'a', CAST(1.5 AS DOUBLE), true, "
                    + "DATE '2025-03-01', TIMESTAMP '2025-03-01 10:15:00'), (2, NULL, NULL, false, NULL, NULL)) "
                    + "t(id, name, speed, ok, \"day\", \"at\")")) {
                n = dw.context().sqlRuntime().writeParquet(result.columns(), result.iterator(), out);
            }
            assertThat(n).isEqualTo(2);

            dw.bucket(Layer.SILVER).put("p/export.parquet", out);
            try (QueryResult back = dw.query("SELECT * FROM \"dw-bucket-silver\".\"p\".\"export.parquet\" ORDER BY id")) {
                assertThat(back.columns()).extracting(c -> c.type())
                        .containsExactly("BIGINT", "VARCHAR", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP");
                List<Row> rows = back.toList();
                assertThat(rows.get(0).get("name")).isEqualTo("a");
                assertThat(rows.get(1).get("name")).isNull();
                assertThat(rows.get(0).get("at")).isEqualTo(java.time.LocalDateTime.of(2025, 3, 1, 10, 15));
            }
        }
        assertThat(dir.resolve(".export.parquet.part")).doesNotExist();
    }
}
