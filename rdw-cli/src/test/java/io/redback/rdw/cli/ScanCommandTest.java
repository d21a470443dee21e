package io.redback.rdw.cli;

import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ContentScannerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw scan with a test scanner ({@code rdw.scan=cli-marker}, registered by this module's test resources). */
class ScanCommandTest {
    static final String MARKER = "X5O-CLI-TEST-MARKER";
    static final String FINDING = "Cli.Test.Marker";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void configure() {
        System.setProperty("rdw.warehouse", dir.resolve("warehouse").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("rdw.warehouse");
        System.clearProperty("rdw.scan");
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private String upload(String name, String content) throws Exception {
        Run up = rdw("upload", Files.writeString(dir.resolve(name), content).toString(), "--project", "project1");
        assertThat(up.code()).as(up.err()).isZero();
        return up.out().strip();
    }

    @Test
    void filesObjectsAndAPrefixAreScannedAndSomethingInfectedExitsWithFour() throws Exception {
        String clean = upload("a.csv", "id,v\n1,a\n");
        String bad = upload("bad.csv", "id,v\n1," + MARKER + "\n"); // stored before the scanner knew it
        Run none = rdw("scan", dir.resolve("a.csv").toString());
        assertThat(none.code()).isEqualTo(Main.CONFIGURATION);
        assertThat(none.err()).contains("no content scanner is configured", "CLAMD_HOST", "rdw.scan");

        System.setProperty("rdw.scan", "cli-marker");

        Run file = rdw("scan", dir.resolve("a.csv").toString());
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.out()).contains("CLEAN  " + dir.resolve("a.csv"), "1 scanned: 1 clean, 0 infected, 0 skipped");

        Run infectedFile = rdw("scan", dir.resolve("bad.csv").toString());
        assertThat(infectedFile.code()).isEqualTo(Main.REFUSED);
        assertThat(infectedFile.out()).contains("INFECTED  " + dir.resolve("bad.csv") + "  " + FINDING);

        Run object = rdw("scan", "bronze", clean);
        assertThat(object.code()).as(object.err()).isZero();
        assertThat(object.out()).contains("CLEAN  bronze:" + clean);

        Run rescan = rdw("scan", "--layer", "bronze", "--prefix", "project1/");
        assertThat(rescan.code()).as(rescan.err()).isEqualTo(Main.REFUSED);
        assertThat(rescan.out()).contains("CLEAN  bronze:" + clean, "INFECTED  bronze:" + bad + "  " + FINDING,
                "2 scanned: 1 clean, 1 infected, 0 skipped");
        assertThat(rdw("scan", "--layer", "bronze", "--prefix", "project2/").out()).contains("0 scanned");
        assertThat(dir.resolve("warehouse/dw-bucket-bronze").resolve(bad)).as("a scan only reports").exists();

        assertThat(rdw("scan", "bronze", "project1/none.csv").code()).isEqualTo(Main.NOT_FOUND);
        assertThat(rdw("scan").code()).as("nothing to scan").isEqualTo(2);
        assertThat(rdw("scan", "--prefix", "p/").err()).contains("--prefix needs --layer");
        assertThat(rdw("scan", "a.csv", "--layer", "bronze").code()).isEqualTo(2);
    }

    /** A scanner that refuses content containing {@link #MARKER}, as a virus scanner refuses a signature. */
    public static final class Marker implements ContentScannerProvider {
        @Override
        public String name() {
            return "cli-marker";
        }

        @Override
        public ContentScanner open(RdwConfig config) {
            return target -> new ContentScanner.Scan() {
                private final StringBuilder seen = new StringBuilder();

                @Override
                public void update(byte[] bytes, int offset, int length) {
                    seen.append(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
                }

                @Override
                public void finish() {
                    if (seen.indexOf(MARKER) >= 0) {
                        throw new ContentRejectedException(target + ": " + FINDING + " FOUND", FINDING);
                    }
                }
            };
        }
    }

}
