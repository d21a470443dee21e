package io.redback.rdw.cli;

import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw backup with the real restic, configured by system properties: init, run, snapshots, restore, check, forget. */
class BackupCommandTest {
    static final String PASSWORD = "rdw-test-SECRET-restic";
    static final String[] KEYS = {"rdw.warehouse", "rdw.restic.repository", "rdw.restic.password-file"};
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void configure() throws Exception {
        System.setProperty("rdw.warehouse", dir.resolve("warehouse").toString());
        System.setProperty("rdw.restic.repository", dir.resolve("repo").toString());
        System.setProperty("rdw.restic.password-file",
                Files.writeString(dir.resolve("restic-password"), PASSWORD).toString());
    }

    @AfterEach
    void clear() {
        for (String key : KEYS) {
            System.clearProperty(key);
        }
    }

    private Run rdw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(out + err.toString()).doesNotContain(PASSWORD);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void runRestoreVerifyCheckForget() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        Path csv = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n2,13.0\n");
        Run up = rdw("upload", csv.toString(), "--project", "project1");
        assertThat(up.code()).as(up.err()).isZero();
        String key = up.out().strip();

        Run missing = rdw("backup", "snapshots");
        assertThat(missing.code()).isEqualTo(Main.NOT_FOUND);
        assertThat(missing.err()).contains("rdw backup init");
        Run init = rdw("backup", "init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("created");

        Run run = rdw("backup", "run");
        assertThat(run.code()).as(run.err()).isZero();
        Matcher m = Pattern.compile("snapshot ([0-9a-f]{8})").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        String snapshot = m.group(1);
        assertThat(rdw("backup", "snapshots").out()).contains(snapshot, "[rdw]");

        Run restore = rdw("backup", "restore", snapshot, "--target", dir.resolve("restored").toString());
        assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("verified: 1 OK, 0 mismatched");
        assertThat(Files.readString(dir.resolve("restored/dw-bucket-bronze").resolve(key))).isEqualTo(Files.readString(csv));

        // a corrupted object is backed up as it is; its restore is reported and fails
        Path stored = dir.resolve("warehouse/dw-bucket-bronze").resolve(key);
        Files.writeString(stored, "id,speed\n1,99.9\n");
        Run second = rdw("backup", "run", dir.resolve("warehouse").toString());
        assertThat(second.code()).as(second.err()).isZero();
        Run bad = rdw("backup", "restore", "latest", "--target", dir.resolve("restored-2").toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("MISMATCH bronze:" + key, "verified: 0 OK, 1 mismatched");

        Run notEmpty = rdw("backup", "restore", snapshot, "--target", dir.resolve("restored").toString());
        assertThat(notEmpty.code()).isEqualTo(Main.REFUSED);
        assertThat(notEmpty.err()).contains("not empty");

        Run check = rdw("backup", "check");
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("no errors were found");

        Run forget = rdw("backup", "forget", "--keep-last", "1");
        assertThat(forget.code()).as(forget.err()).isZero();
        assertThat(forget.out()).contains("forgot " + snapshot, "1 kept, 1 forgotten, their data pruned");
        assertThat(rdw("backup", "snapshots").out().strip().lines()).hasSize(1).noneMatch(l -> l.contains(snapshot));

        Run noPolicy = rdw("backup", "forget");
        assertThat(noPolicy.code()).isEqualTo(Main.INVALID_INPUT);
    }

    @Test
    void aWrongPasswordFileIsNamedNotShown() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        assertThat(rdw("backup", "init").code()).isZero();
        Path wrong = Files.writeString(dir.resolve("wrong"), "rdw-test-SECRET-wrong-restic");
        System.setProperty("rdw.restic.password-file", wrong.toString());
        Run run = rdw("backup", "snapshots");
        assertThat(run.code()).isEqualTo(Main.REFUSED);
        assertThat(run.err()).contains("RESTIC_PASSWORD_FILE", wrong.toString()).doesNotContain("rdw-test-SECRET-wrong-restic");
    }
}
