package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.helpers.Hashing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * DuckDB's native library, extracted once into a per-user cache instead of into the temporary folder at every start.
 *
 * <p>The driver ({@code org.duckdb:duckdb_jdbc} 2.0.0.1, {@code DuckDBNative}'s static initialiser) looks for its
 * library in this order: the resource {@code /libduckdb_java.so_<os>_<arch>} beside its classes, which it copies to a
 * new temporary file and loads, whatever is loaded already; then {@code System.loadLibrary("duckdb_java")}, which
 * searches {@code java.library.path} (fixed when the JVM starts); then that name in the folder of its jar. No setting
 * changes this, and loading the library first does not stop the copy: so when the driver's jar holds its library
 * (as published, or inside a self-contained jar), the driver copies it, and {@link DuckDbNativeLibrary} cleans up.
 *
 * <p>rdw's command packs the driver without its libraries, its classes unchanged, and keeps the published jar in the
 * folder {@code duckdb-native} beside it ({@value #SOURCE_FOLDER}). Then, before the driver's class is loaded, this
 * class makes sure a verified copy of this platform's library is where the driver looks next: in the cache folder
 * ({@code <cache>/duckdb/<driver version>/}, which {@code ./rdw} puts on {@code java.library.path}), or, when that
 * folder cannot be written or is not on {@code java.library.path}, beside the driver's jar. A copy is written once,
 * atomically (a temporary file in the same folder, checked, then moved into place), with a record of its SHA-256,
 * the jar entry it came from (CRC-32 and size) and the file's size, modification and change times and inode. A later
 * start trusts the copy when the jar's entry and the file's attributes are those of the record; when they are not,
 * it hashes the copy again, and replaces it when the hash differs. Writing to a file changes its change time, which
 * no program but the kernel sets; so a changed copy is never loaded unchecked, and an unchanged one costs no hashing.
 * The records vouch for the copy only as long as no one else can write them: a cache folder (or one above it, up to
 * the cache's root) that another user could write to is not used.
 */
final class DuckDbNativeCache {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbNativeCache.class);
    static final String SOURCE_FOLDER = "duckdb-native";
    private static final String DRIVER_NATIVE = "org.duckdb.DuckDBNative";

    /** What {@link #prepare} found. */
    enum Outcome {
        /** The driver's jar holds its library: it copies it to the temporary folder itself. */
        DRIVER_COPIES,
        /** No published driver jar beside the driver's: the driver finds its library on its own. */
        NOT_PACKED,
        /** A verified copy is in the cache folder, on {@code java.library.path}. */
        CACHED,
        /** A verified copy is beside the driver's jar (the cache folder was not usable). */
        BESIDE_DRIVER
    }

    private static Outcome outcome;

    private DuckDbNativeCache() {
    }

    /** Once per process, before the driver's class is initialised. */
    static synchronized Outcome prepare(RdwConfig config) {
        if (outcome == null) {
            outcome = prepare(cacheRoot(config), System.getProperty("java.library.path", ""));
            LOG.debug("DuckDB's native library: {}", outcome);
        }
        return outcome;
    }

    static Outcome prepare(Path cacheRoot, String libraryPath) {
        String name = "libduckdb_java.so_" + os() + "_" + arch();
        Class<?> driver;
        try {
            driver = Class.forName(DRIVER_NATIVE, false, DuckDbNativeCache.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Outcome.NOT_PACKED; // no driver: opening the engine says so
        }
        if (driver.getResource("/" + name) != null) {
            return Outcome.DRIVER_COPIES;
        }
        Path driverJar = jarOf(driver);
        Path source = driverJar == null ? null : driverJar.resolveSibling(SOURCE_FOLDER).resolve(driverJar.getFileName());
        if (source == null || !Files.isRegularFile(source)) {
            return Outcome.NOT_PACKED;
        }
        Path folder = cacheRoot.resolve("duckdb").resolve(version(driverJar));
        String file = System.mapLibraryName("duckdb_java");
        try (ZipFile jar = new ZipFile(source.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            if (entry == null) {
                return Outcome.NOT_PACKED;
            }
            if (!onPath(folder, libraryPath)) {
                LOG.debug("{} is not on java.library.path (./rdw puts it there): DuckDB's library goes beside {}",
                        folder, driverJar);
            } else {
                try {
                    Files.createDirectories(folder);
                    for (Path p = folder; p != null && p.startsWith(cacheRoot); p = p.getParent()) {
                        requirePrivate(p);
                    }
                    ensure(jar, entry, folder.resolve(file));
                    return Outcome.CACHED;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot keep DuckDB's native library in {} ({}); it goes beside {} instead "
                            + "(rdw.embedded.native-cache chooses another folder)", folder, e.toString(), driverJar);
                }
            }
            ensure(jar, entry, driverJar.resolveSibling(name));
            return Outcome.BESIDE_DRIVER;
        } catch (IOException | RuntimeException e) {
            throw new BackendUnavailableException("cannot place DuckDB's native library (" + name + " of " + source
                    + ") in " + folder + " or beside " + driverJar + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code target} a verified copy of {@code entry}: kept when it is one, else written anew. */
    static void ensure(ZipFile jar, ZipEntry entry, Path target) throws IOException {
        Path record = target.resolveSibling(target.getFileName() + ".sha256");
        String[] known = read(record);
        String origin = Long.toHexString(entry.getCrc()) + " " + entry.getSize();
        boolean sameEntry = known != null && origin.equals(known[1] + " " + known[2]);
        if (sameEntry && Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            if (stamp(target).equals(known[3])) {
                return; // unchanged since it was checked
            }
            if (sha256(target).equals(known[0])) {
                write(record, known[0] + " " + origin + " " + stamp(target));
                return; // touched, not changed
            }
            LOG.warn("the cached copy of DuckDB's native library {} differs from the driver's; replacing it", target);
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            MessageDigest sha = Hashing.sha256();
            CRC32 crc = new CRC32();
            long size = 0;
            try (InputStream in = jar.getInputStream(entry); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; size += n) {
                    sha.update(buf, 0, n);
                    crc.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            if (crc.getValue() != entry.getCrc() || size != entry.getSize()) {
                throw new IOException(entry.getName() + " of " + jar.getName() + " does not match its CRC-32");
            }
            temp.toFile().setExecutable(true, true);
            AtomicFiles.publish(temp, target);
            write(record, Hashing.hex(sha) + " " + origin + " " + stamp(target));
            LOG.info("extracted DuckDB's native library to {}", target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Refuses a folder another user could write to: its records would vouch for what they put there. On POSIX file
     * systems the folder must belong to this user (when the system names them) and be writable by no group or other.
     */
    static void requirePrivate(Path folder) throws IOException {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(folder, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return; // Windows: the user's %LOCALAPPDATA% is private by its ACL
        }
        if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(folder + " is writable by other users");
        }
        UserPrincipal me;
        try {
            me = folder.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | RuntimeException e) {
            return; // a user the system does not name (a container's): the permissions above must do
        }
        if (!a.owner().equals(me)) {
            throw new IOException(folder + " belongs to " + a.owner().getName() + ", not to " + me.getName());
        }
    }

    /** The file's size, modification and change times and inode: what any write to it changes. */
    static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String unix;
        try {
            unix = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS) + ":"
                    + Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            unix = String.valueOf(a.fileKey()); // Windows: no change time; creation time and modification time remain
        }
        return (a.size() + ":" + a.lastModifiedTime() + ":" + a.creationTime() + ":" + unix).replace(' ', '_');
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Hashing.sha256(in);
        }
    }

    /** The record's fields (SHA-256, entry CRC-32, entry size, stamp), or null when it is missing or malformed. */
    private static String[] read(Path record) {
        try {
            String[] f = Files.readString(record, StandardCharsets.UTF_8).strip().split(" ");
            return f.length == 4 && f[0].matches("[0-9a-f]{64}") ? f : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path record, String line) throws IOException {
        Path temp = Files.createTempFile(record.getParent(), "." + record.getFileName(), ".tmp");
        try {
            Files.writeString(temp, line + "\n", StandardCharsets.UTF_8);
            AtomicFiles.publish(temp, record);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code folder} is an entry of {@code libraryPath}. */
    static boolean onPath(Path folder, String libraryPath) {
        Path wanted = folder.toAbsolutePath().normalize();
        for (String entry : libraryPath.split(File.pathSeparator)) {
            try {
                if (!entry.isBlank() && Path.of(entry).toAbsolutePath().normalize().equals(wanted)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not a path
            }
        }
        return false;
    }

    /** {@code <cache>} of the configuration, else the user's cache folder of this platform with {@code rdw} in it. */
    static Path cacheRoot(RdwConfig config) {
        return config.get(EmbeddedQueryEngineProvider.NATIVE_CACHE).map(String::strip).filter(s -> !s.isEmpty())
                .map(Path::of).orElseGet(DuckDbNativeCache::defaultCacheRoot);
    }

    static Path defaultCacheRoot() {
        Path home = Path.of(System.getProperty("user.home"));
        String os = os();
        if (os.equals("windows")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local == null || local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local))
                    .resolve("rdw").resolve("cache");
        }
        if (os.equals("macos")) {
            return home.resolve("Library").resolve("Caches").resolve("rdw");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".cache") : Path.of(xdg)).resolve("rdw");
    }

    /** The driver's version, from its jar's name ({@code duckdb_jdbc-2.0.0.1.jar}), as ./rdw reads it. */
    static String version(Path driverJar) {
        String n = driverJar.getFileName().toString();
        return n.matches("duckdb_jdbc-[0-9A-Za-z._-]+\\.jar") ? n.substring("duckdb_jdbc-".length(), n.length() - 4)
                : "unknown";
    }

    private static Path jarOf(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            Path p = url == null || !"file".equals(url.getProtocol()) ? null : Path.of(url.toURI());
            return p != null && Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The driver's names: {@code linux}, {@code macos}, {@code windows}, else the system's. */
    static String os() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).trim();
        return os.startsWith("windows") ? "windows" : os.startsWith("mac") ? "macos" : os.startsWith("linux") ? "linux"
                : os.replaceAll("[^a-z0-9_\\-.]", "");
    }

    /** The driver's names: {@code amd64}, {@code arm64}, else the system's. */
    static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).trim();
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch.replaceAll("[^a-z0-9_\\-.]", "");
        };
    }
}
