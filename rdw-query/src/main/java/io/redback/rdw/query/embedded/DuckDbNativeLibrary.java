package io.redback.rdw.query.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copies of DuckDB's native library in the system's temporary folder. The driver ({@code org.duckdb:duckdb_jdbc}
 * 2.0.0.1, class {@code DuckDBNative}) has no setting for where its library goes: when its jar holds the library of
 * this platform (the published jar holds Linux, macOS and Windows, x86-64 and arm64), every process that loads the
 * driver copies it (70 MB on Linux x86-64) to a new {@code libduckdb_java<random>.so} in {@code java.io.tmpdir}, loads
 * that and marks it delete-on-exit. A normal exit removes the copy; a killed process leaves it for good, and on Windows,
 * where a loaded library cannot be deleted, every process leaves one. {@code java.library.path} and a library beside
 * the jar are read only when the jar lacks one, so with the published jar rdw cannot point the driver at a shared,
 * cached copy; rdw's command packs the driver without its libraries so that it can ({@link DuckDbNativeCache}).
 *
 * <p>What rdw does instead: once the driver has loaded its copy, rdw deletes that file (on Linux, where
 * {@code /proc/self/maps} names it; the library stays mapped, so the process is unaffected and a kill afterwards leaves
 * nothing); and the first time a process starts the engine, copies unchanged for {@link #STALE} are removed (by then
 * the process that made one has loaded it, which deleting does not disturb on Linux and macOS; Windows refuses to delete
 * one in use).
 */
final class DuckDbNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbNativeLibrary.class);
    /** How long a copy is left alone: the driver loads its copy a moment after writing it. */
    static final Duration STALE = Duration.ofHours(1);
    /** The driver's {@code Files.createTempFile("libduckdb_java", ".so")}. */
    private static final Pattern COPY = Pattern.compile("libduckdb_java\\d+\\.so");
    /** A line of /proc/self/maps: address, permissions, offset, device, inode, then the path, if any. */
    private static final Pattern MAPPING = Pattern.compile("\\S+\\s+\\S+\\s+\\S+\\s+\\S+\\s+\\d+\\s+(/.*)");
    private static final AtomicBoolean DONE = new AtomicBoolean();

    private DuckDbNativeLibrary() {
    }

    /** Once per process, after the driver opened a connection (so its library is loaded). */
    static void loaded() {
        if (DONE.compareAndSet(false, true)) {
            removeOwnCopy(Path.of("/proc/self/maps"));
            removeStaleCopies(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(STALE));
        }
    }

    /** Deletes the copies this process has loaded, as {@code maps} (Linux's {@code /proc/self/maps}) names them. */
    static List<Path> removeOwnCopy(Path maps) {
        List<Path> removed = new ArrayList<>();
        if (!Files.isReadable(maps)) {
            return removed; // not Linux: the driver's delete-on-exit and the start-up sweep remain
        }
        try {
            for (String line : Files.readAllLines(maps)) {
                Matcher m = MAPPING.matcher(line);
                if (m.matches() && !m.group(1).endsWith(" (deleted)")) {
                    Path file = Path.of(m.group(1));
                    if (COPY.matcher(file.getFileName().toString()).matches() && !removed.contains(file)
                            && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(file);
                        removed.add(file);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot remove this process's copy of DuckDB's native library: {}", e.toString());
        }
        return removed;
    }

    /** Deletes the driver's copies in {@code dir} last changed before {@code cutoff}, as far as this user may. */
    static List<Path> removeStaleCopies(Path dir, Instant cutoff) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(dir, "libduckdb_java*.so")) {
            for (Path copy : copies) {
                try {
                    if (COPY.matcher(copy.getFileName().toString()).matches()
                            && Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(copy, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.delete(copy);
                        removed.add(copy);
                    }
                } catch (IOException e) {
                    // another user's, or loaded on a system that keeps loaded libraries: left alone
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for old copies of DuckDB's native library in {}: {}", dir, e.toString());
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} old copies of DuckDB's native library from {}", removed.size(), dir);
        }
        return removed;
    }
}
