package io.redback.rdw.helpers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TemporaryFilesTest {
    /** A process id that no process has: above Linux's largest, and not running anywhere this test runs. */
    private static final long NO_SUCH_PROCESS = 999_999_937L;

    @TempDir
    Path dir;

    @Test
    void namesWhatItMakesWithThisProcessAndWhereItRuns() throws Exception {
        Path file = TemporaryFiles.createFile(dir, "put", ".part");
        Path folder = TemporaryFiles.createDirectory(dir, "run");

        String pid = Long.toString(ProcessHandle.current().pid());
        assertThat(file.getFileName().toString()).matches("put-" + pid + "-[0-9a-f]{8}-\\d+\\.part");
        assertThat(folder.getFileName().toString()).matches("run-" + pid + "-[0-9a-f]{8}-\\d+");
        assertThat(folder).isDirectory();
        assertThat(TemporaryFiles.prefix("put")).isEqualTo(file.getFileName().toString().replaceFirst("\\d+\\.part$", ""));
    }

    @Test
    void removesWhatAGoneProcessLeftAndKeepsWhatALiveOneUses() throws Exception {
        assertThat(ProcessHandle.of(NO_SUCH_PROCESS)).isEmpty();
        String place = TemporaryFiles.prefix("x").split("-")[2];
        Path mine = TemporaryFiles.createFile(dir, "put", ".part");
        Path dead = Files.writeString(dir.resolve("put-" + NO_SUCH_PROCESS + "-" + place + "-123.part"), "half an object");
        Path deadFolder = Files.createDirectories(dir.resolve("run-" + NO_SUCH_PROCESS + "-" + place + "-456"));
        Files.writeString(Files.createDirectories(deadFolder.resolve("spill")).resolve("duckdb_temp.tmp"), "spilled");

        assertThat(TemporaryFiles.removeLeftovers(dir)).containsExactlyInAnyOrder(dead, deadFolder);

        assertThat(mine).exists();
        assertThat(dead).doesNotExist();
        assertThat(deadFolder).doesNotExist();
    }

    @Test
    void removesWhatAnEarlierProcessWithTheSameIdLeft() throws Exception {
        // this process's id, on a file last changed a day before this process started: an earlier owner of the id
        Path earlier = TemporaryFiles.createFile(dir, "put", ".part");
        Files.setLastModifiedTime(earlier, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        Path current = TemporaryFiles.createFile(dir, "put", ".part");

        assertThat(TemporaryFiles.removeLeftovers(dir)).containsExactly(earlier);
        assertThat(current).exists();
    }

    @Test
    void judgesAFolderOfALiveProcessByItsNewestFile() throws Exception {
        Path folder = TemporaryFiles.createDirectory(dir, "run");
        Files.writeString(folder.resolve("input.csv"), "a\n1\n");
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(Duration.ofDays(1))));

        assertThat(TemporaryFiles.removeLeftovers(dir)).isEmpty();
        assertThat(folder.resolve("input.csv")).exists();
    }

    @Test
    void keepsNamesWithoutAnOwnerHereUntilTheyAreOld() throws Exception {
        String otherPlace = TemporaryFiles.prefix("x").split("-")[2].equals("00000000") ? "11111111" : "00000000";
        Path legacy = Files.writeString(dir.resolve("put-8234234234234.part"), "from an older rdw");
        Path legacyOld = Files.writeString(dir.resolve("put-42.part"), "from an older rdw, long ago");
        Path elsewhere = Files.writeString(dir.resolve("put-" + NO_SUCH_PROCESS + "-" + otherPlace + "-1.part"),
                "a live upload on another machine sharing the folder");
        Path elsewhereOld = Files.writeString(dir.resolve("put-" + NO_SUCH_PROCESS + "-" + otherPlace + "-2.part"), "old");
        Path oldFolder = Files.createDirectories(dir.resolve("sql"));
        Files.writeString(oldFolder.resolve("spill.tmp"), "old");
        Instant old = Instant.now().minus(TemporaryFiles.UNOWNED_AFTER).minus(Duration.ofMinutes(1));
        for (Path p : new Path[]{legacyOld, elsewhereOld, oldFolder.resolve("spill.tmp"), oldFolder}) {
            Files.setLastModifiedTime(p, FileTime.from(old));
        }

        assertThat(TemporaryFiles.removeLeftovers(dir)).containsExactlyInAnyOrder(legacyOld, elsewhereOld, oldFolder);
        assertThat(legacy).exists();
        assertThat(elsewhere).exists();
    }

    @Test
    void keepsItsSystemFolderToItsUser() throws Exception {
        Path folder = TemporaryFiles.systemFolder();
        Path work = TemporaryFiles.createSystemDirectory("run");

        assertThat(folder).isEqualTo(TemporaryFiles.systemFolderPath()).isDirectory();
        assertThat(folder.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(folder.getFileName().toString()).startsWith("rdw-");
        assertThat(work.getParent()).isEqualTo(folder);
        if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
        TemporaryFiles.deleteTree(work);
        assertThat(work).doesNotExist();
    }
}
