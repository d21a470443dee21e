package io.redback.rdw.storage.crash;

import io.redback.rdw.helpers.TemporaryFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed mid-upload leaves no visible object, and the next start of rdw in any process removes what it left:
 * its partial file in the warehouse's {@code .rdw/tmp}, its spool in rdw's folder of the system's temporary folder. A
 * live process's temporary files are never removed by another's start.
 */
class LeftoversAfterAKillTest {
    private static final long SIZE = 24L << 20;
    private static final long PAUSE_AT = 8L << 20;

    @TempDir
    Path dir;
    Path warehouse;
    Path systemTmp;

    @BeforeEach
    void folders() {
        warehouse = dir.resolve("warehouse");
        systemTmp = dir.resolve("system-tmp");
    }

    @Test
    void leavesNothingAfterAProcessIsKilledMidUpload() throws Exception {
        Path file = generatedCsv(dir.resolve("big.csv"), SIZE);
        long pid;
        try (ChildJvm child = ChildJvm.start(systemTmp, Map.of(), UploadingChild.class, "upload", warehouse.toString(),
                file.toString(), Long.toString(PAUSE_AT))) {
            child.await("WRITING ");
            pid = child.pid();
            assertThat(namedWith(pid, tmp())).as("its partial object in .rdw/tmp, while it writes").singleElement()
                    .satisfies(p -> assertThat(Files.size(p)).isPositive());
            child.kill();
        }
        assertThat(namedWith(pid, tmp())).as("what the killed process left").isNotEmpty();

        ChildJvm.run(systemTmp, Map.of(), UploadingChild.class, "open", warehouse.toString());

        assertNoLeftoverOf(pid);
        assertThat(objectsIn("dw-bucket-bronze")).as("objects in bronze").isEmpty();
    }

    @Test
    void leavesNothingAfterAProcessIsKilledMidwayThroughAStream() throws Exception {
        long pid;
        try (ChildJvm child = ChildJvm.start(systemTmp, Map.of(), UploadingChild.class, "stream", warehouse.toString(),
                Long.toString(SIZE), Long.toString(PAUSE_AT))) {
            child.await("WRITING ");
            pid = child.pid();
            assertThat(namedWith(pid, systemFolder())).as("its spool of the stream in the system's temporary folder")
                    .singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(SIZE));
            assertThat(namedWith(pid, tmp())).as("its partial object in .rdw/tmp").hasSize(1);
            child.kill();
        }

        ChildJvm.run(systemTmp, Map.of(), UploadingChild.class, "open", warehouse.toString());

        assertNoLeftoverOf(pid);
        assertThat(objectsIn("dw-bucket-silver")).as("objects in silver").isEmpty();
    }

    @Test
    void neverRemovesWhatALiveProcessIsWriting() throws Exception {
        try (ChildJvm writer = ChildJvm.start(systemTmp, Map.of(), UploadingChild.class, "stream", warehouse.toString(),
                Long.toString(SIZE), Long.toString(PAUSE_AT))) {
            writer.await("WRITING ");
            List<Path> its = Stream.concat(namedWith(writer.pid(), tmp()).stream(),
                    namedWith(writer.pid(), systemFolder()).stream()).toList();
            assertThat(its).as("its partial object and its spool").hasSize(2);

            String opened = ChildJvm.run(systemTmp, Map.of(), UploadingChild.class, "open", warehouse.toString());

            assertThat(opened).contains("OPENED ");
            assertThat(its).as("the live process's files after another process started").allMatch(Files::exists);
            writer.proceed();
            assertThat(writer.await("DONE ")).isEqualTo("DONE project1/2025/stream.bin");
            assertThat(writer.waitFor()).isZero();
            assertThat(its).as("its files once it finished").noneMatch(Files::exists);
        }
        assertThat(objectsIn("dw-bucket-silver")).containsExactly("stream.bin");
        assertThat(namedWithAnyProcess(tmp())).isEmpty();
    }

    /** Nothing of the process in .rdw/tmp or anywhere in the system's temporary folder, nor any other rdw file there. */
    private void assertNoLeftoverOf(long pid) throws IOException {
        assertThat(namedWithAnyProcess(tmp())).as("files in %s", tmp()).isEmpty();
        try (Stream<Path> all = Files.walk(systemTmp)) {
            assertThat(all.filter(p -> !p.equals(systemTmp) && !p.equals(systemFolder())).map(Path::toString))
                    .as("what is left in the system's temporary folder after process %d was killed", pid).isEmpty();
        }
    }

    private Path tmp() {
        return warehouse.resolve(".rdw").resolve("tmp");
    }

    private Path systemFolder() {
        return systemTmp.resolve(TemporaryFiles.systemFolderPath().getFileName());
    }

    private static List<Path> namedWith(long pid, Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("[a-z]+-" + pid + "-.*")).toList();
        }
    }

    private static List<Path> namedWithAnyProcess(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    private List<String> objectsIn(String bucket) throws IOException {
        Path folder = warehouse.resolve(bucket);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList();
        }
    }

    /** A CSV file of about {@code size} bytes. */
    static Path generatedCsv(Path file, long size) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("id,speed_km_h,device_type\n");
            for (long i = 0, n = 0; n < size; i++) {
                String line = i + "," + (i % 90) + ".5,device-" + (i % 7) + "\n";
                w.write(line);
                n += line.length();
            }
        }
        return file;
    }
}
