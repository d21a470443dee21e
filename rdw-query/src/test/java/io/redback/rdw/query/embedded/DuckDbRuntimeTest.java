package io.redback.rdw.query.embedded;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.tck.SqlRuntimeContract;
import io.redback.rdw.spi.SqlRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL runtime contract on DuckDB, and what is DuckDB's own about it. */
class DuckDbRuntimeTest extends SqlRuntimeContract {

    @Override
    protected SqlRuntime openRuntime(String memoryLimit) {
        return new EmbeddedSqlRuntimeProvider().open(RdwConfig.builder().noFile().environment(Map.of())
                .set(EmbeddedQueryEngineProvider.MEMORY_LIMIT, memoryLimit).set(EmbeddedQueryEngineProvider.THREADS, "2").build());
    }

    @Test
    void isTheClientsRuntimeByDefault() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(temp.resolve("wh")).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            io.redback.rdw.spi.SqlRuntime runtime = dw.context().sqlRuntime();
            // described without starting an engine; its version once a job has started one
            assertThat(runtime.describe()).startsWith("DuckDB, memory limit");
            runtime.workspace("probe", temp.resolve("probe")).close();
            assertThat(runtime.describe()).startsWith("DuckDB v").contains("memory limit");
        }
    }

    @Test
    void aWorkspaceTellsWhereItsTimeWentStepByStep() throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.writeString(temp.resolve("t.csv"), "id,x\n1,2.5\n2,3.5\n");
        try (io.redback.rdw.spi.SqlWorkspace ws = runtime.workspace("t.csv", temp.resolve("work"))) {
            assertThat(ws.timings()).isEmpty();
            ws.load("t", csv, io.redback.rdw.spi.FileFormat.CSV, "t.csv");
            ws.copy("SELECT * FROM t", temp.resolve("out.csv"), io.redback.rdw.spi.FileFormat.CSV);
            ws.copy("SELECT * FROM t", temp.resolve("out2.csv"), io.redback.rdw.spi.FileFormat.CSV);
            Map<String, java.time.Duration> timings = ws.timings();
            assertThat(timings.keySet()).containsExactly("read: header", "read: sample types", "read: typed read",
                    "read: whole numbers", "read: refine types", "write");
            assertThat(timings.values()).allSatisfy(d -> assertThat(d).isPositive());
        }
    }

    @Test
    void workspacesShareOneDatabaseEachInASchemaOfItsOwn() {
        try (io.redback.rdw.spi.SqlWorkspace a = runtime.workspace("a", temp.resolve("a"))) {
            io.redback.rdw.spi.SqlWorkspace b = runtime.workspace("b", temp.resolve("b"));
            String schemas = "SELECT COUNT(*) FROM duckdb_schemas() WHERE schema_name LIKE 'rdw_workspace_%'";
            assertThat(a.query(schemas).getLong(0, 0)).isEqualTo(2);
            assertThat(a.query("SELECT current_schema()").get(0, 0)).isNotEqualTo(b.query("SELECT current_schema()").get(0, 0));
            b.close();
            assertThat(a.query(schemas).getLong(0, 0)).as("a closed workspace's schema is dropped").isEqualTo(1);
        }
    }

    @Test
    void aLineLongerThanDuckDbsDefaultLimitLoadsWithItsTypes() throws Exception {
        String longText = "x".repeat(3 << 20); // DuckDB's own limit is 2 MiB; rdw reads lines up to 8 MiB
        java.nio.file.Path csv = java.nio.file.Files.writeString(temp.resolve("long.csv"),
                "id,note,speed\n1," + longText + ",2.5\n2,short,3\n");
        try (io.redback.rdw.spi.SqlWorkspace ws = runtime.workspace("long.csv", temp.resolve("work"))) {
            io.redback.rdw.spi.LoadedTable t = ws.load("t", csv, io.redback.rdw.spi.FileFormat.CSV, "long.csv");
            assertThat(t.types()).containsExactly("BIGINT", "VARCHAR", "DOUBLE");
            assertThat(ws.query("SELECT length(c1) FROM t ORDER BY rowid").getLong(0, 0)).isEqualTo(3 << 20);
        }
    }

    @Test
    void namesColumnsAsPandasDoes() {
        assertThat(DuckDbLoader.unique(List.of(" User Name ", "Temperature \u00b0C", "A b", "a_b", "", "x", "x", "__")))
                .containsExactly(" User Name ", "Temperature \u00b0C", "A b", "a_b", "Unnamed: 4", "x", "x.1", "__");
    }

    @Test
    void readsAQuotedHeaderAsWrittenAndRefusesAMalformedOneWithItsLine() throws Exception {
        java.nio.file.Path good = java.nio.file.Files.writeString(temp.resolve("good.csv"),
                "\"id\",\"say \"\"hi\"\"\",\"a,b\",plain\n1,x,y,z\n2,x,y,z\n");
        java.nio.file.Path bad = java.nio.file.Files.writeString(temp.resolve("bad.csv"), "\"id\"x,name\n1,a\n");
        try (io.redback.rdw.spi.SqlWorkspace ws = runtime.workspace("header", temp.resolve("work"))) {
            assertThat(ws.load("good", good, io.redback.rdw.spi.FileFormat.CSV, "good.csv").names())
                    .containsExactly("id", "say \"hi\"", "a,b", "plain");
            assertThatThrownBy(() -> ws.load("bad", bad, io.redback.rdw.spi.FileFormat.CSV, "bad.csv"))
                    .isInstanceOf(io.redback.rdw.InvalidInputException.class)
                    .hasMessageContaining("bad.csv: line 1: the header is not valid CSV");
        }
    }

    @Test
    void readsAColumnTypedAfterTheSampleThroughItsConversionWithoutReadingTheFileAgain() throws Exception {
        java.nio.file.Path csv = temp.resolve("late.csv");
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(csv)) {
            w.write("id,flag,at\n");
            for (int i = 0; i < 25_000; i++) {
                w.write(i + ",,\n");
            }
            w.write("25000,TRUE,2025-03-01T10:00:00+02:00\n25001,false,2025-03-01T11:00:00Z\n");
        }
        try (io.redback.rdw.spi.SqlWorkspace ws = runtime.workspace("late.csv", temp.resolve("work"))) {
            io.redback.rdw.spi.LoadedTable t = ws.load("src", csv, io.redback.rdw.spi.FileFormat.CSV, "late.csv");
            assertThat(t.types()).containsExactly("BIGINT", "BOOLEAN", "TIMESTAMPTZ");
            // stored as text, typed by the expression the caller selects
            assertThat(t.columns().get(1).value()).isNotEqualTo("c1");
            io.redback.rdw.spi.SqlResult r = ws.query("SELECT " + t.columns().get(1).value() + ", " + t.columns().get(2).value()
                    + " FROM src WHERE " + t.columns().get(0).value() + " >= 25000 ORDER BY " + t.columns().get(0).value());
            assertThat(r.types()).containsExactly("BOOLEAN", "TIMESTAMP WITH TIME ZONE");
            assertThat(r.get(0, 0)).isEqualTo(true);
            assertThat(r.get(1, 0)).isEqualTo(false);
            assertThat(r.get(0, 1)).isEqualTo(java.time.OffsetDateTime.parse("2025-03-01T08:00:00Z"));
        }
    }
}
