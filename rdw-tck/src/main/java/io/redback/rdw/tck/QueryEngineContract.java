package io.redback.rdw.tck;

import io.redback.rdw.Column;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.QueryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link QueryEngine} must do, run through a {@link WarehouseClient} so the guard and the Dremio-style
 * object paths are exercised too. The suite stores its own objects (a CSV in bronze, Parquet and JSON in silver)
 * and expects the answers Dremio gives over the same files: CSV columns are text, Parquet keeps its types.
 */
public abstract class QueryEngineContract {
    protected static final String RIDES = "\"dw-bucket-silver\".\"p1\".\"2025\".\"t1_rides\".\"rides.parquet\"";
    protected static final String DEVICES = "\"dw-bucket-silver\".\"p1\".\"2025\".\"devices.json\"";
    protected static final String RAW = "\"dw-bucket-bronze\".\"p1\".\"2025\".\"raw.csv\"";

    @TempDir
    protected Path temp;
    protected WarehouseClient client;

    /** A fresh store for the warehouse in {@code folder} (the suite creates the layer buckets). */
    protected abstract ObjectStore createStore(RdwConfig config) throws Exception;

    /** The engine under test, reading the objects of {@code store}. */
    protected abstract QueryEngine createEngine(RdwConfig config, ObjectStore store) throws Exception;

    @BeforeEach
    void openClient() throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(temp.resolve("dw")).build();
        ObjectStore store = createStore(config);
        for (Layer layer : Layer.values()) {
            store.createBucket(config.bucket(layer));
        }
        client = WarehouseClient.builder().config(config).objectStore(store)
                .queryEngine(createEngine(config, store))
                .provenanceSink(new MemoryProvenanceSink()).build();
        try (InputStream parquet = getClass().getResourceAsStream("/io/redback/rdw/tck/rides.parquet")) {
            client.bucket(Layer.SILVER).put("p1/2025/t1_rides/rides.parquet", parquet, o -> { });
        }
        client.bucket(Layer.SILVER).put("p1/2025/devices.json", text("""
                [{"device": "garmin", "maker": "Garmin", "weight": 52},
                 {"device": "wahoo", "maker": "Wahoo", "weight": 61}]
                """), o -> { });
        client.bucket(Layer.BRONZE).put("p1/2025/raw.csv", text("id,Heart Rate,note\n1,120,\"a, b\"\n2,,x\n"), o -> { });
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void reportsItselfUpWhenItAnswers() {
        io.redback.rdw.Health h = client.context().queryEngine().health();
        assertThat(h.status()).isEqualTo(io.redback.rdw.Health.Status.UP);
        assertThat(h.backend()).isNotBlank();
        assertThat(client.health()).filteredOn(x -> x.component().equals("query")).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo(io.redback.rdw.Health.Status.UP));
    }

    @Test
    void parquetKeepsItsTypes() {
        try (QueryResult r = client.query("SELECT id, device, speed, active, \"day\", ts FROM " + RIDES + " ORDER BY id")) {
            assertThat(r.columns()).extracting(Column::type)
                    .containsExactly("BIGINT", "VARCHAR", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP");
            List<Row> rows = r.toList();
            assertThat(rows).hasSize(6);
            Row first = rows.get(0);
            assertThat(first.get("id")).isEqualTo(1L);
            assertThat(first.get("device")).isEqualTo("garmin");
            assertThat(first.get("speed")).isEqualTo(12.5);
            assertThat(first.get("active")).isEqualTo(true);
            assertThat(first.get("day")).isEqualTo(LocalDate.of(2025, 3, 1));
            assertThat(first.get("ts")).isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 15));
            assertThat(rows.get(1).get("ts")).isEqualTo(LocalDateTime.of(2025, 3, 1, 11, 0, 0, 500_000_000));
            assertThat(rows.get(2).get("speed")).isNull();
            Row last = rows.get(5);
            assertThat(last.get("id")).isEqualTo(9007199254740993L);
            assertThat(last.get("device")).isEqualTo("Zoë \"quoted\", comma");
            assertThat(last.get("speed")).isEqualTo(-1.5e-7);
        }
    }

    @Test
    void csvColumnsAreTextAsDremioReadsThem() {
        try (QueryResult r = client.query("SELECT * FROM " + RAW)) {
            assertThat(r.columns()).extracting(Column::name).containsExactly("id", "Heart Rate", "note");
            assertThat(r.columns()).extracting(Column::type).containsOnly("VARCHAR");
            List<Row> rows = r.toList();
            assertThat(rows).extracting(row -> row.get("id")).containsExactly("1", "2");
            assertThat(rows.get(0).get("note")).isEqualTo("a, b");
        }
    }

    @Test
    void aggregatesAndOrders() {
        List<Row> rows = client.query("SELECT device, count(*) AS n, sum(speed) AS total FROM " + RIDES
                + " GROUP BY device ORDER BY n DESC, device").toList();
        assertThat(rows).extracting(row -> row.get("device")).containsExactly("garmin", "Zoë \"quoted\", comma", "polar", "wahoo");
        assertThat(rows.get(0).getLong("n")).isEqualTo(3L);
        assertThat(rows.get(0).getDouble("total")).isEqualTo(32.5);
    }

    @Test
    void joinsObjectsOfDifferentFormats() {
        List<Row> rows = client.query("SELECT r.id, d.maker FROM " + RIDES + " AS r JOIN " + DEVICES
                + " d ON r.device = d.device WHERE r.id < 3 ORDER BY r.id").toList();
        assertThat(rows).extracting(row -> row.get("maker")).containsExactly("Garmin", "Wahoo");
    }

    @Test
    void readsObjectsInsideCommonTableExpressionsAndSubqueries() {
        List<Row> rows = client.query("WITH fast AS (SELECT * FROM " + RIDES + " WHERE speed > 15) "
                + "SELECT count(*) AS n FROM fast WHERE device IN (SELECT device FROM " + DEVICES + ")").toList();
        assertThat(rows.get(0).getLong("n")).isEqualTo(2L);
    }

    @Test
    void readsAFolderAsOneDataset() {
        try (InputStream parquet = getClass().getResourceAsStream("/io/redback/rdw/tck/rides.parquet")) {
            client.bucket(Layer.SILVER).put("p1/2025/t1_rides/rides_copy.parquet", parquet, o -> { });
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        List<Row> rows = client.query("SELECT count(*) AS n FROM \"dw-bucket-silver\".\"p1\".\"2025\".\"t1_rides\"").toList();
        assertThat(rows.get(0).getLong("n")).isEqualTo(12L);
    }

    @Test
    void understandsTheGuidesBucketSpelling() {
        List<Row> rows = client.query("SELECT count(*) AS n FROM \"dw-silver-bucket\".\"p1\".\"2025\".\"t1_rides\".\"rides.parquet\"").toList();
        assertThat(rows.get(0).getLong("n")).isEqualTo(6L);
    }

    @Test
    void namesAMissingObject() {
        assertThatThrownBy(() -> client.query("SELECT * FROM \"dw-bucket-silver\".\"p1\".\"2025\".\"nope.parquet\""))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("p1/2025/nope.parquet");
        assertThatThrownBy(() -> client.query("SELECT * FROM \"no-such-source\".\"p1\".\"x.csv\""))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-source");
    }

    @Test
    void reportsQueryErrorsAsInvalidInput() {
        assertThatThrownBy(() -> client.query("SELECT no_such_column FROM " + RIDES).toList())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no_such_column");
    }

    @Test
    void keepsColumnsOfAnEmptyResult() {
        try (QueryResult r = client.query("SELECT id, device FROM " + RIDES + " WHERE 1 = 0")) {
            assertThat(r.columns()).extracting(Column::name).containsExactly("id", "device");
            assertThat(r.toList()).isEmpty();
        }
    }

    @Test
    void runsQueriesWithoutObjects() {
        assertThat(client.query("SELECT 1 + 1 AS two").toList().get(0).getLong("two")).isEqualTo(2L);
        assertThat(client.query("VALUES (1, 'a'), (2, 'b')").toList()).hasSize(2);
    }

    @Test
    void releasesAResultClosedEarly() {
        for (int i = 0; i < 20; i++) {
            try (QueryResult r = client.query("SELECT * FROM " + RIDES)) {
                Iterator<Row> it = r.iterator();
                assertThat(it.hasNext()).isTrue();
                it.next();
            }
        }
        assertThat(client.query("SELECT count(*) AS n FROM " + RIDES).toList().get(0).getLong("n")).isEqualTo(6L);
    }
}
