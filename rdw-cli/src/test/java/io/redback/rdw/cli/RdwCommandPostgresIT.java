package io.redback.rdw.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rdw command with the warehouse's PostgreSQL configured by the stack's own setting names (here as system
 * properties): the administrator creates the table, a user uploads and cleans, the rows are read by rdw and by psql,
 * and a stopped server loses nothing.
 */
class RdwCommandPostgresIT {
    static final String PASSWORD = "rdw-test-SECRET-postgres";
    static final String[] KEYS = {"rdw.warehouse", "rdw.postgres.host", "rdw.postgres.port", "rdw.postgres.database",
            "rdw.postgres.user", "rdw.postgres.password", "rdw.provenance.flush-timeout"};
    @TempDir
    Path dir;
    EmbeddedPostgres pg;
    int port;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).start();
        port = pg.getPort();
        System.setProperty("rdw.warehouse", dir.resolve("warehouse").toString());
        System.setProperty("rdw.postgres.host", "127.0.0.1");
        System.setProperty("rdw.postgres.port", Integer.toString(port));
        System.setProperty("rdw.postgres.database", "postgres");
        System.setProperty("rdw.postgres.user", "postgres");
        System.setProperty("rdw.postgres.password", PASSWORD);
        System.setProperty("rdw.provenance.flush-timeout", "3s");
    }

    @AfterEach
    void stop() throws Exception {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
        if (pg != null) {
            pg.close();
        }
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(out + err.toString()).doesNotContain(PASSWORD);
        return new Run(code, out.toString(), err.toString());
    }

    private String psql(String sql) throws Exception {
        io.redback.rdw.tck.InteropClients.require("psql", "apt-get install postgresql-client (or brew install libpq)");
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-d",
                "postgres", "-At", "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void uploadCleanThenProvenanceAndLineageFromTheCentralTable() throws Exception {
        Run init = rdw("admin", "provenance", "init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("table provenance: created");
        assertThat(rdw("admin", "provenance", "init").out()).contains("exists and matches");

        Path csv = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n2,13.0\n");
        Run up = rdw("upload", csv.toString(), "--project", "project1");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).doesNotContain("queued");
        String bronzeKey = up.out().strip();

        Run clean = rdw("clean", "--key", bronzeKey);
        assertThat(clean.code()).as(clean.err()).isZero();
        String silverKey = clean.out().strip();

        Run prov = rdw("provenance", "--prefix", "project1/");
        assertThat(prov.code()).as(prov.err()).isZero();
        assertThat(prov.out()).contains("object:derived  silver:" + silverKey, "file:uploaded  bronze:" + bronzeKey);

        Run lineage = rdw("lineage", "silver", silverKey);
        assertThat(lineage.code()).as(lineage.err()).isZero();
        assertThat(lineage.out()).contains("made from:", "bronze:" + bronzeKey, "by pipeline clean");
        Run down = rdw("lineage", "bronze", bronzeKey);
        assertThat(down.out()).contains("used by:", "silver:" + silverKey);

        // what an administrator sees with psql
        assertThat(psql("SELECT event_source || ' ' || event_type || ' ' || bucket_name || ' ' || object_key "
                + "|| ' ' || (custom_metadata->>'rdw_source_key') FROM provenance WHERE event_type = 'object:derived'"))
                .isEqualTo("rdw:cli object:derived dw-bucket-silver " + silverKey + " " + bronzeKey);
    }

    @Test
    void aStoppedServerDelaysTheEventAndFlushDeliversItOnce() throws Exception {
        assertThat(rdw("admin", "provenance", "init").code()).isZero();
        pg.close();
        pg = null;
        Path csv = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n");
        Run up = rdw("upload", csv.toString(), "--project", "project1");
        assertThat(up.code()).as("the upload itself succeeds: " + up.err()).isZero();
        assertThat(up.err()).contains("provenance: 1 event queued for postgres", "rdw provenance flush");

        Run status = rdw("provenance", "status");
        assertThat(status.out()).contains("postgres (postgresql://127.0.0.1:" + port + "/postgres table provenance): 1 queued");

        Run failed = rdw("provenance", "flush", "--timeout", "5s");
        assertThat(failed.code()).isEqualTo(Main.UNAVAILABLE);

        pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).setPort(port).start();
        Run flushed = rdw("provenance", "flush");
        assertThat(flushed.code()).as(flushed.out() + flushed.err()).isZero();
        assertThat(flushed.out()).contains("1 delivered, 0 queued");
        assertThat(rdw("provenance", "flush").out()).contains("0 delivered, 0 queued");
        assertThat(psql("SELECT count(*) FROM provenance")).isEqualTo("1");
    }
}
