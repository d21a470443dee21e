package io.redback.rdw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.admin.clamd.TestClamd;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.storage.s3.S3Server;
import io.redback.rdw.tck.InteropClients;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rdw doctor against real services, some running and some not: S3 (buckets missing, then made), PostgreSQL (the
 * provenance table missing, then created), clamd (up, then killed) and a restic repository (not made yet, then made).
 */
class DoctorCommandIT {
    static final String PG_PASSWORD = "rdw-test-SECRET-doctor-postgres";
    static final String RESTIC_PASSWORD = "rdw-test-SECRET-doctor-restic";
    static final String[] KEYS = {"rdw.warehouse", "rdw.s3.endpoint", "rdw.s3.access-key", "rdw.s3.secret-key",
            "rdw.postgres.host", "rdw.postgres.port", "rdw.postgres.database", "rdw.postgres.user", "rdw.postgres.password",
            "rdw.provenance.flush-timeout", "rdw.clamd.host", "rdw.clamd.port", "rdw.restic.repository",
            "rdw.restic.password-file"};
    @TempDir
    Path dir;
    S3Server s3;
    EmbeddedPostgres pg;
    TestClamd clamd;

    record Run(int code, String out, String err) {
        List<String> line(String component) {
            return out.lines().filter(l -> l.startsWith(component + " ")).toList();
        }
    }

    @BeforeEach
    void start() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        s3 = new S3Server(dir.resolve("s3"));
        pg = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
        clamd = TestClamd.start(dir.resolve("clamd"), "10M");
        System.setProperty("rdw.warehouse", dir.resolve("local").toString());
        System.setProperty("rdw.s3.endpoint", s3.endpoint());
        System.setProperty("rdw.s3.access-key", S3Server.ACCESS_KEY);
        System.setProperty("rdw.s3.secret-key", S3Server.SECRET_KEY);
        System.setProperty("rdw.postgres.host", "127.0.0.1");
        System.setProperty("rdw.postgres.port", Integer.toString(pg.getPort()));
        System.setProperty("rdw.postgres.database", "postgres");
        System.setProperty("rdw.postgres.user", "postgres");
        System.setProperty("rdw.postgres.password", PG_PASSWORD);
        System.setProperty("rdw.provenance.flush-timeout", "2s");
        System.setProperty("rdw.clamd.host", "127.0.0.1");
        System.setProperty("rdw.clamd.port", clamd.tcpEnvironment().get("CLAMD_PORT"));
        System.setProperty("rdw.restic.repository", dir.resolve("repo").toString());
        System.setProperty("rdw.restic.password-file",
                Files.writeString(dir.resolve("restic-password"), RESTIC_PASSWORD).toString());
    }

    @AfterEach
    void stop() throws Exception {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
        clamd.close();
        pg.close();
        s3.close();
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(out + err.toString()).doesNotContain(PG_PASSWORD, RESTIC_PASSWORD, S3Server.SECRET_KEY);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void saysWhatIsDownAndWhatToDoUntilEveryServiceIsUp() throws Exception {
        Run first = rdw("doctor");
        assertThat(first.code()).as(first.out() + first.err()).isEqualTo(Main.UNAVAILABLE);
        assertThat(first.line("storage")).singleElement().asString().contains("DEGRADED", "missing", "rdw init");
        assertThat(first.line("provenance")).anySatisfy(l -> assertThat(l).contains("DOWN", "does not exist",
                "rdw admin provenance init"));
        assertThat(first.line("scan")).singleElement().asString().contains("UP", "clamd at 127.0.0.1:", "ClamAV ");
        assertThat(first.line("backup")).singleElement().asString().contains("DOWN", "rdw backup init");

        assertThat(rdw("init").code()).isZero();
        assertThat(rdw("admin", "provenance", "init").code()).isZero();
        Run init = rdw("backup", "init");
        assertThat(init.code()).as(init.err()).isZero();

        Run second = rdw("doctor");
        assertThat(second.code()).as(second.out()).isZero();
        assertThat(second.out()).contains("nothing is down");
        assertThat(second.line("storage")).singleElement().asString().contains("UP");
        assertThat(second.line("provenance")).allSatisfy(l -> assertThat(l).contains("UP"));
        assertThat(second.line("backup")).singleElement().asString().contains("UP");

        clamd.kill();
        Run third = rdw("doctor", "--json");
        assertThat(third.code()).isEqualTo(Main.UNAVAILABLE);
        JsonNode checks = Json.MAPPER.readTree(third.out());
        JsonNode scan = null;
        for (JsonNode c : checks) {
            if (c.path("component").asText().equals("scan")) {
                scan = c;
            }
            assertThat(c.path("latency_ms").asLong()).isNotNegative();
        }
        assertThat(scan).isNotNull();
        assertThat(scan.path("status").asText()).isEqualTo("DOWN");
        assertThat(scan.path("message").asText()).contains("unreachable", "uploads are refused");
    }
}
