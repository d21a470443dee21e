package io.redback.rdw.etl.crash;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.storage.crash.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed in the middle of a clean (its input copied, DuckDB's work database loaded, the steps not yet run)
 * leaves nothing after the next start of rdw in another process: no work folder, no spill, no partial silver object,
 * and no copy of DuckDB's 70 MB native library in the temporary folder.
 */
class LeftoversAfterAKilledCleanTest {
    /** Where rdw deletes DuckDB's copy of its library once loaded: Linux names the files a process maps. */
    private static final boolean LINUX = Files.isReadable(Path.of("/proc/self/maps"));

    @TempDir
    Path dir;

    @Test
    void leavesNothingAfterAProcessIsKilledMidClean() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        Path systemTmp = dir.resolve("system-tmp");
        String key = uploadMessyCsv(warehouse);
        Path rdwFolder = systemTmp.resolve(TemporaryFiles.systemFolderPath().getFileName());
        long pid;
        try (ChildJvm child = ChildJvm.start(systemTmp, Map.of(), CleaningChild.class, "clean", warehouse.toString(),
                key, "40")) {
            child.await("CLEANING ");
            pid = child.pid();
            assertThat(namedWith(pid, rdwFolder)).as("the clean's work folders while it runs")
                    .anyMatch(p -> p.getFileName().toString().startsWith("run-"))
                    .anyMatch(p -> p.getFileName().toString().startsWith("pipeline-"));
            if (LINUX) {
                assertThat(duckDbCopies(systemTmp)).as("copies of DuckDB's library on disk while it runs").isEmpty();
            }
            child.kill();
        }
        assertThat(namedWith(pid, rdwFolder)).as("what the killed process left").isNotEmpty();

        ChildJvm.run(systemTmp, Map.of(), CleaningChild.class, "open", warehouse.toString());

        try (Stream<Path> all = Files.walk(systemTmp)) {
            assertThat(all.filter(p -> !p.equals(systemTmp) && !p.equals(rdwFolder) && !isDuckDbCopy(p)))
                    .as("what is left in the system's temporary folder after process %d was killed", pid).isEmpty();
        }
        // the driver deletes its copy at exit, which a killed process never reaches: rdw deleted it once loaded
        // (Linux), elsewhere the killed process's one copy is removed once it is an hour old
        assertThat(duckDbCopies(systemTmp)).hasSizeLessThanOrEqualTo(LINUX ? 0 : 1);
        try (Stream<Path> tmp = Files.list(warehouse.resolve(".rdw").resolve("tmp"))) {
            assertThat(tmp).as("the warehouse's temporary files").isEmpty();
        }
        try (WarehouseClient dw = client(warehouse)) {
            assertThat(dw.bucket(Layer.SILVER).list()).as("silver after the killed clean").isEmpty();
            assertThat(Pipelines.on(dw).clean(key).silverObject()).as("the same clean, run again").isPresent();
        }
    }

    private static String uploadMessyCsv(Path warehouse) throws Exception {
        Path csv = warehouse.resolveSibling("rides.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("Ride ID,Speed km/h,Device Type,Notes\n");
            for (int i = 0; i < 50_000; i++) {
                w.write(i + "," + (i % 13 == 0 ? "NA" : (i % 90) + ".5") + ",device-" + (i % 7) + ",\"note, " + i + "\"\n");
            }
        }
        try (WarehouseClient dw = client(warehouse)) {
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_rides"));
            return raw.key();
        }
    }

    private static WarehouseClient client(Path warehouse) {
        return WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of()).warehouse(warehouse)
                .set("rdw.embedded.memory-limit", "256MB").build()).build();
    }

    private static List<Path> namedWith(long pid, Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("[a-z]+-" + pid + "-.*")).toList();
        }
    }

    private static List<Path> duckDbCopies(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(LeftoversAfterAKilledCleanTest::isDuckDbCopy).toList();
        }
    }

    private static boolean isDuckDbCopy(Path p) {
        return p.getFileName().toString().matches("libduckdb_java\\d+\\.so");
    }
}
