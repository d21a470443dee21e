package io.redback.rdw.admin.postgres;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceDelivery;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.admin.ProvenanceAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** rdw writing into, and reading from, the warehouse's provenance table on a real PostgreSQL, with its faults. */
class PostgresProvenanceIT {
    static final String PASSWORD = "rdw-test-SECRET-postgres";
    static TestPostgres pg;
    @TempDir
    Path warehouse;
    String database;

    @BeforeAll
    static void startServer() {
        pg = new TestPostgres();
    }

    @AfterAll
    static void stopServer() throws Exception {
        pg.close();
    }

    @BeforeEach
    void newDatabase() throws Exception {
        database = pg.newDatabase();
        try (Connection c = pg.connect(database)) {
            ProvenanceTable.create(c, "provenance");
        }
    }

    /** The stack's own settings names, as a user of the warehouse has them in the environment. */
    RdwConfig config() {
        return RdwConfig.builder().environment(Map.of("POSTGRES_HOST", "127.0.0.1", "POSTGRES_PORT",
                        Integer.toString(pg.port()), "POSTGRES_DB", database, "POSTGRES_USER", "postgres",
                        "POSTGRES_PASSWORD", PASSWORD))
                .systemProperties(new Properties()).noFile().set(RdwConfig.WAREHOUSE, warehouse.toString())
                .set(RdwConfig.PROVENANCE_FLUSH_TIMEOUT, "5s").build();
    }

    Path file(String name, String content) throws Exception {
        Path f = Files.createTempDirectory(warehouse.getParent(), "in").resolve(name);
        Files.writeString(f, content);
        return f;
    }

    long rows(String where) throws Exception {
        try (Connection c = pg.connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM provenance " + where)) {
            rs.next();
            assertThat(rs.getLong(2)).as("no event is kept twice").isEqualTo(rs.getLong(1));
            return rs.getLong(1);
        }
    }

    @Test
    void anUploadBecomesARowWithItsNaturalColumnsThatPsqlReads() throws Exception {
        ObjectInfo info;
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            info = dw.bucket(Layer.BRONZE).upload(file("rides.csv", "a,b\n1,2\n"), "project1");
        }
        // an independent client, as an administrator reads the table
        io.redback.rdw.tck.InteropClients.require("psql", "apt-get install postgresql-client (or brew install libpq)");
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(pg.port()), "-U", "postgres",
                "-d", database, "-At", "-c", "SELECT event_source, event_type, user_id, bucket_name, object_key, object_size, "
                + "content_type, custom_metadata->>'project', custom_metadata->>'rdw_layer', "
                + "length(custom_metadata->>'rdw_sha256') FROM provenance").redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(psql.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(psql.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(String.join("|", "rdw:sdk", "file:uploaded", System.getProperty("user.name"),
                "dw-bucket-bronze", info.ref().key(), "8", "text/csv", "project1", "bronze", "64"));
    }

    @Test
    void aHundredUploadsWhilePostgresIsStoppedAllSucceedAndReachTheTableOnceWhenItIsBack() throws Exception {
        pg.stop();
        try {
            try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
                for (int i = 0; i < 100; i++) {
                    dw.bucket(Layer.BRONZE).upload(file("r" + i + ".csv", "a\n" + i + "\n"), "project1");
                }
                ProvenanceDelivery status = dw.provenanceStatus().get(0);
                assertThat(status.sink()).isEqualTo("postgres");
                assertThat(status.queued()).isEqualTo(100);
                assertThat(status.oldestQueued()).isNotNull();
            }
        } finally {
            pg.start();
        }
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            List<ProvenanceDelivery> flushed = dw.flushProvenance(Duration.ofSeconds(60));
            assertThat(flushed.get(0).queued()).isZero();
            assertThat(flushed.get(0).problem()).isNull();
            dw.flushProvenance(Duration.ofSeconds(60)); // a second flush sends nothing again
        }
        assertThat(rows("WHERE event_type = 'file:uploaded'")).isEqualTo(100);
    }

    @Test
    void anEventTheTableCannotHoldGoesToTheDeadLetterFileAndTheOthersArrive() throws Exception {
        String longUser = "u".repeat(300); // longer than the table's VARCHAR(255): the object store takes it, the table cannot
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            dw.bucket(Layer.BRONZE).upload(file("before.csv", "a\n1\n"), "project1");
            try (WarehouseClient other = WarehouseClient.builder()
                    .config(config().newBuilder().set(RdwConfig.USER, longUser).build()).build()) {
                other.bucket(Layer.BRONZE).upload(file("poison.csv", "a\n2\n"), "project1");
            }
            dw.bucket(Layer.BRONZE).upload(file("after.csv", "a\n3\n"), "project1");
            ProvenanceDelivery d = dw.flushProvenance(Duration.ofSeconds(60)).get(0);
            assertThat(d.queued()).isZero();
            assertThat(d.deadLettered()).isEqualTo(1);
            assertThat(Files.readString(Path.of(d.deadLetterFile()))).contains(longUser).contains("value too long");
        }
        assertThat(rows("")).isEqualTo(2);
    }

    @Test
    void rowsOfTheUploadServiceAndOfMinioNotificationsReadBackAsEvents() throws Exception {
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            st.execute("INSERT INTO provenance (event_source, event_type, user_id, bucket_name, object_key, object_size, "
                    + "content_type, service_endpoint, custom_metadata) VALUES ('upload:service', 'file:uploaded', 'bob', "
                    + "'dw-bucket-bronze', 'project1/2025/trips.csv', 42, 'text/csv', 'http://minio:9000', "
                    + "'{\"original_filename\": \"trips.csv\", \"updated_filename\": \"trips.csv\", "
                    + "\"preprocessing_option\": \"none\", \"destination_buckets\": [\"dw-bucket-bronze\"], "
                    + "\"project\": \"project1\"}')");
            st.execute("INSERT INTO provenance (event_source, event_type, bucket_name, object_key, object_size, custom_metadata) "
                    + "VALUES ('minio', 's3:ObjectCreated:Put', 'dw-bucket-silver', 'project1/2025/trips.parquet', 7, "
                    + "'{\"Records\": [{\"eventName\": \"s3:ObjectCreated:Put\", \"s3\": {\"bucket\": {\"name\": "
                    + "\"dw-bucket-silver\"}, \"object\": {\"key\": \"project1%2F2025%2Ftrips.parquet\", \"size\": 7}}}]}')");
        }
        try (WarehouseClient dw = WarehouseClient.builder().config(config()).build()) {
            List<ProvenanceEvent> bronze = dw.provenance(ProvenanceQuery.all().layer(Layer.BRONZE).keyPrefix("project1/"));
            assertThat(bronze).singleElement().satisfies(e -> {
                assertThat(e.eventSource()).isEqualTo("upload:service");
                assertThat(e.userId()).isEqualTo("bob");
                assertThat(e.layer()).isEqualTo(Layer.BRONZE);
                assertThat(e.customMetadata()).containsEntry("original_filename", "trips.csv")
                        .containsEntry("project", "project1");
                assertThat(e.sha256()).isNull();
            });
            List<ProvenanceEvent> silver = dw.provenance(ProvenanceQuery.all().layer(Layer.SILVER));
            assertThat(silver).singleElement().satisfies(e -> {
                assertThat(e.eventType()).isEqualTo("s3:ObjectCreated:Put");
                assertThat(e.customMetadata()).containsKey("Records");
            });
            assertThat(dw.provenance(ProvenanceQuery.all().user("bob"))).hasSize(1);
        }
    }

    @Test
    void initCreatesTheTableWhereItIsMissingAndRefusesOneThatDiffers() throws Exception {
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            st.execute("DROP TABLE provenance");
        }
        assertThat(ProvenanceAdmin.init(config()).state()).isEqualTo(ProvenanceAdmin.TableState.CREATED);
        assertThat(ProvenanceAdmin.init(config()).state()).isEqualTo(ProvenanceAdmin.TableState.ALREADY_THERE);
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            st.execute("DROP TABLE provenance");
            st.execute("CREATE TABLE provenance (event_id UUID, event_source VARCHAR(100), event_type VARCHAR(255), "
                    + "timestamp TIMESTAMP, user_id VARCHAR(255), bucket_name VARCHAR(255), object_key VARCHAR(255), "
                    + "object_size TEXT, object_etag VARCHAR(255), content_type VARCHAR(255), "
                    + "service_endpoint VARCHAR(255), custom_metadata JSONB)");
        }
        assertThatThrownBy(() -> ProvenanceAdmin.init(config())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("column event_source is character varying(100), the store's table has character varying(255)")
                .hasMessageContaining("column source_ip is missing")
                .hasMessageContaining("column object_size is text, the store's table has bigint")
                .hasMessageContaining("event_id is not the primary key");
    }

    @Test
    void thePasswordAppearsInNoMessage() throws Exception {
        RdwConfig down = config().newBuilder().set(PostgresSettings.PORT, "1").build();
        Health h = new PostgresProvenanceProvider().open(down).health();
        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
        assertThat(h.toString()).doesNotContain(PASSWORD).contains("127.0.0.1:1");
        assertThat(down.toString()).doesNotContain(PASSWORD);
        assertThatThrownBy(() -> ProvenanceAdmin.init(down)).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain(PASSWORD);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
            }
        });
    }
}
