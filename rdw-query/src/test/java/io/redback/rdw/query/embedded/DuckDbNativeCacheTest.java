package io.redback.rdw.query.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * DuckDB's native library from a per-user cache, in the layout of rdw's command: the driver's jar without its
 * libraries on the class path, the published jar in {@code duckdb-native/} beside it. Each start runs in its own JVM
 * ({@link DuckDbStartMain}) with its own {@code java.io.tmpdir}, where the driver would write its copy.
 */
class DuckDbNativeCacheTest {
    static final String NAME = "libduckdb_java.so_" + DuckDbNativeCache.os() + "_" + DuckDbNativeCache.arch();
    @TempDir
    static Path packed;
    static Path driverJar;
    static String classPath;
    static String expectedSha;

    @TempDir
    Path dir;

    /** rdw-cli's packing, done here: the driver's entries but its libraries, and the published jar beside. */
    @BeforeAll
    static void packTheDriverAsRdwsCommandDoes() throws Exception {
        Path published = Path.of(org.duckdb.DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        driverJar = packed.resolve("lib").resolve(published.getFileName());
        Files.createDirectories(driverJar.resolveSibling(DuckDbNativeCache.SOURCE_FOLDER));
        Files.createSymbolicLink(driverJar.resolveSibling(DuckDbNativeCache.SOURCE_FOLDER).resolve(published.getFileName()),
                published);
        try (ZipFile in = new ZipFile(published.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(driverJar))) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith("libduckdb_java.so_")) {
                    if (entry.getName().equals(NAME)) {
                        expectedSha = sha256(in.getInputStream(entry));
                    }
                    continue;
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream body = in.getInputStream(entry)) {
                    body.transferTo(out);
                }
            }
        }
        assertThat(expectedSha).as("the published driver holds this platform's library").isNotNull();
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(e).equals(published) ? driverJar.toString() : e);
        }
        assertThat(entries).contains(driverJar.toString());
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void twoStartsWriteOneVerifiedCopyToTheCacheAndNothingToTheTemporaryFolder() throws Exception {
        Path cache = dir.resolve("cache");
        Path folder = cache.resolve("duckdb").resolve(DuckDbNativeCache.version(driverJar));
        Path lib = folder.resolve(System.mapLibraryName("duckdb_java"));

        String first = start(cache, folder);
        String stampAfterFirst = DuckDbNativeCache.stamp(lib);
        String second = start(cache, folder);

        for (String out : List.of(first, second)) {
            assertThat(out).contains("answer=42", "outcome=CACHED");
            if (Files.isReadable(Path.of("/proc/self/maps"))) {
                assertThat(out).contains("mapped=" + lib.toRealPath()).doesNotContain("mapped=" + dir.resolve("tmp"));
            }
        }
        assertThat(first).contains("extracted DuckDB's native library to " + lib);
        assertThat(second).as("the second start found the copy verified").doesNotContain("extracted");
        assertThat(DuckDbNativeCache.stamp(lib)).as("and left it as it was").isEqualTo(stampAfterFirst);
        assertThat(listing(dir.resolve("tmp"))).as("the driver wrote no copy").noneMatch(n -> n.contains("duckdb"));
        assertThat(listing(folder)).containsExactlyInAnyOrder(lib.getFileName().toString(), lib.getFileName() + ".sha256");
        assertThat(DuckDbNativeCache.sha256(lib)).isEqualTo(expectedSha);
        assertThat(Files.readString(folder.resolve(lib.getFileName() + ".sha256"))).startsWith(expectedSha + " ");
    }

    @Test
    void aCorruptedCopyIsReplacedBeforeTheDriverLoadsIt() throws Exception {
        Path cache = dir.resolve("cache");
        Path folder = cache.resolve("duckdb").resolve(DuckDbNativeCache.version(driverJar));
        Path lib = folder.resolve(System.mapLibraryName("duckdb_java"));
        assertThat(start(cache, folder)).contains("answer=42");
        FileTime modified = Files.getLastModifiedTime(lib);
        try (RandomAccessFile f = new RandomAccessFile(lib.toFile(), "rw")) {
            f.seek(4096);
            byte b = f.readByte();
            f.seek(4096);
            f.writeByte(~b); // same size,
        }
        Files.setLastModifiedTime(lib, modified); // same modification time: only the change time tells
        assertThat(DuckDbNativeCache.sha256(lib)).isNotEqualTo(expectedSha);

        String out = start(cache, folder);

        assertThat(out).contains("differs from the driver's; replacing it", "extracted DuckDB's native library to " + lib,
                "answer=42", "outcome=CACHED");
        if (Files.isReadable(Path.of("/proc/self/maps"))) {
            assertThat(out).as("the file it loaded is the new copy, not the changed one (replaced, so deleted)")
                    .contains("mapped=" + lib.toRealPath()).doesNotContain("(deleted)");
        }
        assertThat(DuckDbNativeCache.sha256(lib)).isEqualTo(expectedSha);
        assertThat(listing(dir.resolve("tmp"))).noneMatch(n -> n.contains("duckdb"));
    }

    @Test
    void anUnwritableCacheFallsBackToTheFolderOfTheDriverWithAWarning() throws Exception {
        Path cache = Files.writeString(dir.resolve("not-a-folder"), "a file, so no folder can be made in it (even as root)");
        Path folder = cache.resolve("duckdb").resolve(DuckDbNativeCache.version(driverJar));

        String out = start(cache, folder);

        assertThat(out).contains("WARN", "cannot keep DuckDB's native library in " + folder, "answer=42",
                "outcome=BESIDE_DRIVER");
        Path beside = driverJar.resolveSibling(NAME);
        assertThat(DuckDbNativeCache.sha256(beside)).isEqualTo(expectedSha);
        assertThat(listing(dir.resolve("tmp"))).noneMatch(n -> n.contains("duckdb"));
    }

    @Test
    void aCacheFolderOthersCanWriteToIsNotUsed() throws Exception {
        Path cache = dir.resolve("cache");
        Path folder = Files.createDirectories(cache.resolve("duckdb").resolve(DuckDbNativeCache.version(driverJar)));
        assumeTrue(folder.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

        String out = start(cache, folder);

        assertThat(out).contains("WARN", folder + " is writable by other users", "answer=42", "outcome=BESIDE_DRIVER");
        assertThat(listing(folder)).isEmpty();
    }

    @Test
    void aCacheFolderOffTheLibraryPathIsNotUsed() throws Exception {
        Path cache = dir.resolve("cache");

        String out = start(cache, dir.resolve("elsewhere"));

        assertThat(out).contains("answer=42", "outcome=BESIDE_DRIVER").doesNotContain("WARN");
        assertThat(cache).doesNotExist();
    }

    @Test
    void withThePublishedDriverTheDriverCopiesItsLibraryItself() {
        assertThat(DuckDbNativeCache.prepare(dir.resolve("cache"), dir.resolve("cache").toString()))
                .isEqualTo(DuckDbNativeCache.Outcome.DRIVER_COPIES);
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void aTouchedButUnchangedCopyIsKeptAndAChangedOneReplaced() throws Exception {
        Path jar = dir.resolve("natives.jar");
        byte[] library = "not really a library, but bytes all the same".repeat(1000).getBytes(StandardCharsets.UTF_8);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry(NAME));
            out.write(library);
        }
        Path target = dir.resolve("copy").resolve("libduckdb_java.so");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(NAME);
            DuckDbNativeCache.ensure(zip, entry, target);
            assertThat(Files.readAllBytes(target)).isEqualTo(library);
            Object inode = Files.getAttribute(target, "unix:ino");

            Files.setLastModifiedTime(target, FileTime.fromMillis(0)); // touched
            DuckDbNativeCache.ensure(zip, entry, target);
            assertThat(Files.getAttribute(target, "unix:ino")).as("hashed again, kept").isEqualTo(inode);

            try (OutputStream append = Files.newOutputStream(target, java.nio.file.StandardOpenOption.APPEND)) {
                append.write('x'); // changed
            }
            DuckDbNativeCache.ensure(zip, entry, target);
            assertThat(Files.readAllBytes(target)).isEqualTo(library);
            try (Stream<Path> files = Files.list(target.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("no temporary file left").containsExactlyInAnyOrder("libduckdb_java.so", "libduckdb_java.so.sha256");
            }
        }
    }

    @Test
    void knowsWhetherAFolderIsOnTheLibraryPath() {
        Path folder = dir.resolve("a");
        assertThat(DuckDbNativeCache.onPath(folder, "/usr/lib" + File.pathSeparator + folder + "/")).isTrue();
        assertThat(DuckDbNativeCache.onPath(folder, "/usr/lib" + File.pathSeparator + dir)).isFalse();
        assertThat(DuckDbNativeCache.onPath(folder, "")).isFalse();
    }

    /** One start of the engine in its own JVM; returns its output (stdout and the log on stderr). */
    private String start(Path cache, Path libraryPath) throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path output = dir.resolve("out-" + System.nanoTime() + ".txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-Djava.io.tmpdir=" + tmp,
                "-Djava.library.path=" + libraryPath, "-Drdw.embedded.native-cache=" + cache,
                "-cp", classPath, DuckDbStartMain.class.getName(), tmp.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("RDW_"));
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(done).as("the start finished: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString()).toList();
        }
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (in) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
