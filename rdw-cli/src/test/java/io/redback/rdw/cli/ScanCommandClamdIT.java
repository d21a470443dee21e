package io.redback.rdw.cli;

import io.redback.rdw.admin.clamd.TestClamd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw upload and rdw scan with a real clamd (the EICAR test signature), then with clamd stopped. */
class ScanCommandClamdIT {
    @TempDir
    Path dir;
    private TestClamd clamd;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        clamd = TestClamd.start(dir.resolve("clamd"), "10M");
        System.setProperty("rdw.warehouse", dir.resolve("warehouse").toString());
        System.setProperty("rdw.clamd.host", "127.0.0.1");
        System.setProperty("rdw.clamd.port", clamd.tcpEnvironment().get("CLAMD_PORT"));
    }

    @AfterEach
    void stop() throws Exception {
        Stream.of("rdw.warehouse", "rdw.clamd.host", "rdw.clamd.port", "rdw.scan.quarantine-bucket")
                .forEach(System::clearProperty);
        clamd.close();
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void refusesTheEicarUploadScansFilesAndObjectsAndSaysWhenClamdCouldNotLook() throws Exception {
        Path eicar = Files.write(dir.resolve("eicar.txt"), TestClamd.eicar());
        Path clean = Files.writeString(dir.resolve("rides.csv"), "id,v\n1,a\n");

        Run refused = rdw("upload", eicar.toString(), "--project", "p");
        assertThat(refused.code()).isEqualTo(Main.REFUSED);
        assertThat(refused.err()).contains(TestClamd.FOUND, "nothing was stored in bronze");
        Run stored = rdw("upload", clean.toString(), "--project", "p");
        assertThat(stored.code()).as(stored.err()).isZero();
        String key = stored.out().strip();
        assertThat(rdw("ls", "bronze").out()).contains(key).doesNotContain("eicar");
        Run rejected = rdw("provenance", "--type", "file:rejected");
        assertThat(rejected.out()).contains("eicar");

        Run infected = rdw("scan", eicar.toString());
        assertThat(infected.code()).isEqualTo(Main.REFUSED);
        assertThat(infected.out()).contains("INFECTED  " + eicar, TestClamd.FOUND, "1 scanned: 0 clean, 1 infected");
        Run object = rdw("scan", "bronze", key);
        assertThat(object.code()).as(object.err()).isZero();
        assertThat(object.out()).contains("CLEAN  bronze:" + key);

        System.setProperty("rdw.scan.quarantine-bucket", "rdw-quarantine");
        Run quarantined = rdw("upload", eicar.toString(), "--project", "p");
        assertThat(quarantined.code()).isEqualTo(Main.REFUSED);
        assertThat(quarantined.err()).contains("kept in quarantine as rdw-quarantine/dw-bucket-bronze/p/");
        assertThat(dir.resolve("warehouse/rdw-quarantine/dw-bucket-bronze/p")).isDirectory();

        clamd.close();
        Run down = rdw("scan", "--layer", "bronze", "--prefix", "p/");
        assertThat(down.code()).as("nothing could be looked at: not a clean bill").isEqualTo(Main.UNAVAILABLE);
        assertThat(down.out()).contains("SKIPPED  bronze:" + key, "unreachable", "1 scanned: 0 clean, 0 infected, 1 skipped");
    }
}
