package io.redback.rdw.query.embedded;

import io.redback.rdw.RdwConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DuckDbNativeLibraryTest {
    @TempDir
    Path dir;

    @Test
    void leavesNoCopyOfTheLibraryOnDiskOnceTheEngineHasStarted() throws Exception {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "only Linux names the files a process has mapped");
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).build();
        try (Connection db = DuckDb.open(config, null, dir, List.of())) {
            List<String> mapped = Files.readAllLines(maps).stream().filter(l -> l.contains("libduckdb_java")).toList();

            assertThat(mapped).as("DuckDB's library is mapped into this process").isNotEmpty();
            assertThat(mapped).as("and its file is gone from the disk").allMatch(l -> l.endsWith(" (deleted)"));
            assertThat(db.isValid(1)).isTrue();
        }
    }

    @Test
    void deletesTheCopiesAProcessHasLoaded() throws Exception {
        Path copy = Files.writeString(dir.resolve("libduckdb_java123456.so"), "the library");
        Path other = Files.writeString(dir.resolve("libother.so"), "another library");
        Path maps = Files.writeString(dir.resolve("maps"), String.join("\n",
                "7f3c2a000000-7f3c2b000000 r-xp 00000000 fd:01 1234567                    " + copy,
                "7f3c2b000000-7f3c2c000000 r--p 01000000 fd:01 1234567                    " + copy,
                "7f3c2c000000-7f3c2d000000 r-xp 00000000 fd:01 7654321                    " + other,
                "7f3c2d000000-7f3c2e000000 r-xp 00000000 fd:01 7654322                    "
                        + dir.resolve("libduckdb_java42.so") + " (deleted)",
                "7ffd4a1c0000-7ffd4a1e1000 rw-p 00000000 00:00 0                          [stack]"));

        assertThat(DuckDbNativeLibrary.removeOwnCopy(maps)).containsExactly(copy);
        assertThat(copy).doesNotExist();
        assertThat(other).exists();
    }

    @Test
    void removesOldCopiesOnly() throws Exception {
        Instant old = Instant.now().minus(DuckDbNativeLibrary.STALE).minus(Duration.ofMinutes(1));
        Path oldCopy = Files.writeString(dir.resolve("libduckdb_java8234234.so"), "left by a killed process");
        Path freshCopy = Files.writeString(dir.resolve("libduckdb_java9234234.so"), "being loaded by a starting process");
        Path notACopy = Files.writeString(dir.resolve("libduckdb_java.so_linux_amd64"), "a library installed by hand");
        for (Path p : List.of(oldCopy, notACopy)) {
            Files.setLastModifiedTime(p, FileTime.from(old));
        }

        assertThat(DuckDbNativeLibrary.removeStaleCopies(dir, Instant.now().minus(DuckDbNativeLibrary.STALE)))
                .containsExactly(oldCopy);
        assertThat(freshCopy).exists();
        assertThat(notACopy).exists();
    }
}
