package io.redback.rdw.query.embedded;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.QueryRefusedException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.tck.QueryEngineContract;
import io.redback.rdw.tck.MemoryProvenanceSink;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedQueryEngineTest extends QueryEngineContract {

    @Override
    protected ObjectStore createStore(RdwConfig config) {
        return new LocalObjectStoreProvider().open(config);
    }

    @Override
    protected QueryEngine createEngine(RdwConfig config, ObjectStore store) {
        return new EmbeddedQueryEngine(config, store);
    }

    /** Records what reaches the engine. */
    private static final class Recording implements QueryEngine {
        final List<String> seen = new ArrayList<>();
        final QueryEngine inner;

        Recording(QueryEngine inner) {
            this.inner = inner;
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public RowCursor execute(CheckedQuery query) {
            seen.add(query.sql());
            return inner.execute(query);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DROP TABLE x", "DELETE FROM \"dw-bucket-silver\".\"p1\".\"2025\".\"devices.json\"",
            "SELECT 1; DROP TABLE t", "INSERT INTO t VALUES (1)", "CREATE TABLE t AS SELECT 1", "SET memory_limit = '1TB'",
            "COPY (SELECT 1) TO '/tmp/x.csv'", "ATTACH '/tmp/x.db'", "SELECT external_query('pg', 'DROP TABLE x')",
            "SELEC 1", "", "PRAGMA enable_external_access"})
    void refusesNonQueriesBeforeTheEngineSeesThem(String sql) {
        RdwConfig config = client.config();
        ObjectStore store = createStore(config);
        Recording engine = new Recording(createEngine(config, store));
        try (WarehouseClient dw = WarehouseClient.builder().config(config).objectStore(store).queryEngine(engine)
                .provenanceSink(new MemoryProvenanceSink()).build()) {
            assertThatThrownBy(() -> dw.query(sql)).isInstanceOf(QueryRefusedException.class)
                    .hasMessageStartingWith("query refused: ");
            assertThat(dw.check(sql).allowed()).isFalse();
        }
        assertThat(engine.seen).isEmpty();
    }

    @Test
    void cannotReadFilesOutsideTheWarehouse() throws Exception {
        Path secret = Files.writeString(temp.resolve("secret.csv"), "password\nhunter2\n");
        for (String sql : List.of(
                "SELECT * FROM read_csv('" + secret + "')",
                "SELECT * FROM TABLE(read_csv('" + secret + "'))",
                "SELECT * FROM \"dw-bucket-silver\".\"..\".\"..\".\"secret.csv\"")) {
            assertThatThrownBy(() -> client.query(sql).toList())
                    .isInstanceOfAny(ForbiddenException.class, InvalidInputException.class)
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void runsDuckDbsRangeTableFunctionThoughRangeIsAKeywordOfTheGuardsParser() {
        assertThat(client.query("SELECT count(*) AS n, max(range) AS top FROM range(1000000)").toList())
                .singleElement().satisfies(row -> {
                    assertThat(((Number) row.get("n")).longValue()).isEqualTo(1_000_000L);
                    assertThat(((Number) row.get("top")).longValue()).isEqualTo(999_999L);
                });
    }

    @Test
    void namesTheSourceOfAnErrorWithoutTheRewrittenText() {
        assertThatThrownBy(() -> client.query("SELECT nope FROM " + RIDES).toList())
                .isInstanceOf(RdwException.class).hasMessageStartingWith("query failed: ")
                .hasMessageNotContaining("LINE 1");
    }

    /** 10^10 rows of a cross join, each summed and filtered: minutes of work for DuckDB. */
    static final String ENDLESS = "WITH d(x) AS (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) "
            + "SELECT count(*) AS n FROM d a, d b, d c, d e, d f, d g, d h, d i, d j, d k "
            + "WHERE a.x + b.x + c.x + e.x + f.x + g.x + h.x + i.x + j.x + k.x = 45";

    @Test
    void interruptingTheThreadCancelsARunningQuery() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread runner = endlessQuery(false, failure);
        Thread.sleep(500);
        long start = System.nanoTime();
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).as("the query still runs 10 s after the interrupt").isFalse();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(3));
        assertCancelledAndTheEngineGoesOn(failure.get());
    }

    @Test
    void aThreadInterruptedBeforeItsQueryStartsHasTheQueryCancelled() throws Exception {
        // the interrupt comes first (a notebook's interrupt while the cell was still being compiled): the watcher's
        // cancel may reach DuckDB before the statement has started, which DuckDB forgets; the query must end anyway
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread runner = endlessQuery(true, failure);
        runner.join(30_000);
        assertThat(runner.isAlive()).as("the query of an interrupted thread still runs after 30 s").isFalse();
        assertCancelledAndTheEngineGoesOn(failure.get());
    }

    /** A started thread running {@link #ENDLESS}, interrupted before it starts the query if asked; its error lands in {@code failure}. */
    private Thread endlessQuery(boolean interruptedFirst, java.util.concurrent.atomic.AtomicReference<Throwable> failure) {
        Thread runner = new Thread(() -> {
            if (interruptedFirst) {
                Thread.currentThread().interrupt();
            }
            try {
                client.query(ENDLESS).toList();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        runner.start();
        return runner;
    }

    private void assertCancelledAndTheEngineGoesOn(Throwable failure) {
        assertThat(failure).isInstanceOf(io.redback.rdw.BackendUnavailableException.class)
                .hasMessage("query failed: cancelled, the thread running it was interrupted");
        assertThat(client.query("SELECT 42 AS answer").toList().get(0).getLong("answer")).isEqualTo(42L);
    }

    @Test
    void mapsDuckDbTypesToDremioNames() {
        assertThat(DuckDbCursor.dremioType("DECIMAL(18,3)")).isEqualTo("DECIMAL");
        assertThat(DuckDbCursor.dremioType("TIMESTAMP WITH TIME ZONE")).isEqualTo("TIMESTAMP");
        assertThat(DuckDbCursor.dremioType("INTEGER[]")).isEqualTo("LIST");
        assertThat(DuckDbCursor.dremioType("SMALLINT")).isEqualTo("INTEGER");
        assertThat(DuckDbCursor.dremioType("BLOB")).isEqualTo("VARBINARY");
    }
}
