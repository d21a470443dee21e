package io.redback.rdw.admin;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.Progress;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.admin.Backups.BackupSummary;
import io.redback.rdw.admin.Backups.RestoreReport;
import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backups of an embedded warehouse with the real restic command: back up, change, restore and verify, retention. */
class ResticBackupsIT {
    static final String PASSWORD = "rdw-test-SECRET-restic";
    static final String WRONG_PASSWORD = "rdw-test-SECRET-wrong-restic";

    @TempDir
    Path dir;
    Path warehouse;
    Path repository;
    Path passwordFile;

    @BeforeEach
    void setUp() throws IOException {
        warehouse = dir.resolve("warehouse");
        repository = dir.resolve("repo");
        passwordFile = Files.writeString(dir.resolve("restic-password"), PASSWORD + "\n");
    }

    private RdwConfig config(Map<String, String> settings) {
        RdwConfig.Builder b = RdwConfig.builder().environment(Map.of()).systemProperties(new Properties()).noFile();
        b.set("rdw.warehouse", warehouse.toString());
        settings.forEach(b::set);
        return b.build();
    }

    private Backups backups() {
        return Backups.open(config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password-file", passwordFile.toString())));
    }

    private static Map<String, String> byKey(WarehouseClient dw, Layer layer) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (ObjectInfo o : dw.bucket(layer).list()) {
            out.put(o.key(), o.sha256().orElseThrow());
        }
        return out;
    }

    @Test
    void backUpChangeRestoreVerifyAndForget() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        String keptKey;
        String silverKey;
        Map<String, String> bronzeBefore;
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(warehouse).build()) {
            keptKey = dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n"),
                    "project1").key();
            dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("trips.csv"), "id,km\n7,3.25\n"), "project1");
            silverKey = dw.bucket(Layer.SILVER).put("project1/clean/rides.csv",
                    Files.writeString(dir.resolve("clean.csv"), "id,speed\n1,12.5\n2,13.0\n")).key();
            bronzeBefore = byKey(dw, Layer.BRONZE);
        }
        Backups backups = backups();
        assertThat(backups.init()).isEqualTo(Backups.InitState.CREATED);
        assertThat(backups.init()).isEqualTo(Backups.InitState.ALREADY_THERE);

        List<Progress> progress = new ArrayList<>();
        BackupSummary first = backups.run(warehouse, progress::add);
        assertThat(first.snapshotId()).matches("[0-9a-f]{8,64}");
        assertThat(first.filesNew()).isGreaterThanOrEqualTo(3);
        assertThat(first.warnings()).isEmpty();
        assertThat(progress).allSatisfy(p -> assertThat(p.unit()).isEqualTo(Progress.Unit.BYTES));

        // the warehouse changes after the backup: another upload, a silver object deleted, a bronze file corrupted
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(warehouse).build()) {
            dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("late.csv"), "id\n99\n"), "project1");
            dw.bucket(Layer.SILVER).delete(silverKey);
            Files.writeString(dw.bucket(Layer.BRONZE).localFile(keptKey).orElseThrow(), "id,speed\n1,99.9\n");
        }

        RestoreReport report = backups.restore(first.snapshotId(), dir.resolve("restored"));
        assertThat(report.verification()).as(report.toString()).isEqualTo(Backups.Verification.OK);
        assertThat(report.verified()).isEqualTo(3);
        assertThat(report.mismatched()).isEmpty();
        assertThat(report.note()).isEmpty();
        try (WarehouseClient restored = WarehouseClient.builder().warehouse(dir.resolve("restored")).build()) {
            assertThat(byKey(restored, Layer.BRONZE)).isEqualTo(bronzeBefore);
            assertThat(restored.bucket(Layer.SILVER).exists(silverKey)).isTrue();
        }

        // the corrupted live copy is caught when its backup is restored and verified
        BackupSummary second = backups.run(warehouse, p -> { });
        RestoreReport bad = backups.restore(second.snapshotId(), dir.resolve("restored-2"));
        assertThat(bad.verification()).isEqualTo(Backups.Verification.MISMATCH);
        assertThat(bad.mismatched()).containsExactly("bronze:" + keptKey);
        assertThat(bad.verified()).isEqualTo(2);

        assertThat(backups.snapshots()).extracting(Backups.Snapshot::shortId)
                .containsExactly(first.snapshotId().substring(0, 8), second.snapshotId().substring(0, 8));
        assertThat(backups.snapshots()).allSatisfy(s -> assertThat(s.tags()).contains("rdw"));
        assertThat(backups.check().status()).isEqualTo(Backups.CheckStatus.NO_ERRORS);

        Backups.ForgetReport forgot = backups.forget(Backups.RetentionPolicy.keepLast(1));
        assertThat(forgot.removed()).hasSize(1);
        assertThat(backups.snapshots()).extracting(Backups.Snapshot::shortId)
                .containsExactly(second.snapshotId().substring(0, 8));
        assertThat(backups.check().status()).isEqualTo(Backups.CheckStatus.NO_ERRORS);
        assertThatThrownBy(() -> backups.restore(first.snapshotId(), dir.resolve("restored-3")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("rdw backup snapshots");
    }

    @Test
    void aWrongPasswordIsToldWithoutTheValue() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        backups().init();
        Path wrong = Files.writeString(dir.resolve("wrong-password"), WRONG_PASSWORD + "\n");
        Backups other = Backups.open(config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password-file", wrong.toString())));
        assertThatThrownBy(other::snapshots).isInstanceOf(ForbiddenException.class)
                .hasMessageContaining("RESTIC_PASSWORD_FILE").hasMessageContaining(wrong.toString())
                .message().doesNotContain(WRONG_PASSWORD).doesNotContain(PASSWORD);
        // the same with the password given as a secret setting (passed to restic through its environment)
        Backups secret = Backups.open(config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password", WRONG_PASSWORD)));
        assertThatThrownBy(secret::snapshots).isInstanceOf(ForbiddenException.class)
                .message().contains("rdw.restic.password").doesNotContain(WRONG_PASSWORD);
        assertThat(Backups.open(config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password", PASSWORD))).snapshots()).isEmpty();
    }

    @Test
    void aLockedRepositoryNamesTheUnlockCommand() throws Exception {
        InteropClients.require("restic", "apt-get install restic");
        Backups backups = backups();
        backups.init();
        // a live backup that reads its standard input holds a lock until that input ends
        ProcessBuilder pb = new ProcessBuilder("restic", "backup", "--stdin", "--stdin-filename", "held.txt");
        pb.environment().put("RESTIC_REPOSITORY", repository.toString());
        pb.environment().put("RESTIC_PASSWORD_FILE", passwordFile.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("held.log").toFile());
        Process holder = pb.start();
        try (OutputStream stdin = holder.getOutputStream()) {
            stdin.write("held\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            stdin.flush();
            Path locks = repository.resolve("locks");
            for (int i = 0; i < 600 && (!Files.isDirectory(locks) || isEmpty(locks)); i++) {
                Thread.sleep(50);
            }
            assertThat(isEmpty(locks)).as("the holding backup created its lock").isFalse();
            assertThatThrownBy(() -> backups.forget(Backups.RetentionPolicy.keepLast(1)))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("locked")
                    .hasMessageContaining("restic unlock").hasMessageContaining("no other backup");
        } finally {
            assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(backups.snapshots()).hasSize(1);
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void aMissingRepositorySaysToInit() {
        InteropClients.require("restic", "apt-get install restic");
        assertThatThrownBy(() -> backups().snapshots()).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("rdw backup init").hasMessageContaining(repository.toString());
    }

    @Test
    void aMissingResticNamesItsInstall() {
        Backups none = Backups.open(config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password-file", passwordFile.toString(), "rdw.restic.binary",
                dir.resolve("no-restic-here").toString())));
        assertThatThrownBy(none::snapshots).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("apt-get install restic");
    }

    @Test
    void settingsAreRequiredAndTheProviderReportsHealth() throws Exception {
        assertThatThrownBy(() -> Backups.open(config(Map.of()))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.restic.repository");
        assertThatThrownBy(() -> Backups.open(config(Map.of("rdw.restic.repository", repository.toString()))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("RESTIC_PASSWORD_FILE");
        io.redback.rdw.spi.Provider provider = new io.redback.rdw.admin.restic.ResticProvider();
        assertThat(provider.health(config(Map.of()))).isEmpty();
        RdwConfig configured = config(Map.of("rdw.restic.repository", repository.toString(),
                "rdw.restic.password-file", passwordFile.toString()));
        InteropClients.require("restic", "apt-get install restic");
        assertThat(provider.health(configured)).singleElement().satisfies(h -> {
            assertThat(h.usable()).isFalse();
            assertThat(h.message()).contains("rdw backup init");
        });
        backups().init();
        assertThat(provider.health(configured)).singleElement().satisfies(h -> {
            assertThat(h.usable()).as(h.toString()).isTrue();
            assertThat(h.message()).contains("no snapshot yet");
        });
    }
}
