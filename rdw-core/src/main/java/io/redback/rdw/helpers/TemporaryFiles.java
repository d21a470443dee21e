package io.redback.rdw.helpers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * rdw's temporary files and folders, and what a crash leaves of them. Each name carries the id of the process that
 * made it and a tag of where that process runs (this machine's boot and, on Linux, its process-id namespace, so a
 * container or another machine sharing the folder is told apart): {@code put-12345-1a2b3c4d-8754297.part}. A process
 * removes what it made when it is done, also when it fails; what a killed process left is removed at a later start
 * ({@link #removeLeftovers}) once its owner is gone: no process has that id here any more, or the one that has it
 * started after the file was last changed. What a live process uses is never removed. A name without an owner (from an
 * older rdw, or from a process on another machine sharing a warehouse folder) is removed only once nothing in it has
 * changed for {@link #UNOWNED_AFTER}.
 *
 * <p>Temporary work that belongs to no warehouse folder goes to rdw's own folder in the system's temporary folder,
 * {@code <java.io.tmpdir>/rdw-<user>} ({@link #systemFolder()}), readable by its user only: one place to look.
 */
public final class TemporaryFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);

    /** How long a temporary file whose owner cannot be told is kept unchanged before it counts as left over. */
    public static final Duration UNOWNED_AFTER = Duration.ofHours(6);
    /** How much later than a file's last change a process must have started to be a newer owner of the same id. */
    private static final Duration START_MARGIN = Duration.ofSeconds(5);
    private static final Pattern OWNED = Pattern.compile("[a-z]+-(\\d{1,19})-([0-9a-f]{8})-.+");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final long PID = ProcessHandle.current().pid();
    private static final String PLACE = place();
    private static final AtomicBoolean SYSTEM_SWEPT = new AtomicBoolean();
    private static volatile Path system;

    private TemporaryFiles() {
    }

    /** The id of this process. */
    public static long pid() {
        return PID;
    }

    /** The start of the names this process gives: {@code <kind>-<pid>-<place>-}. */
    public static String prefix(String kind) {
        if (!kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("a temporary file's kind is lower-case letters: " + Names.printable(kind));
        }
        return kind + "-" + PID + "-" + PLACE + "-";
    }

    /** A new, empty file {@code <kind>-<pid>-<place>-<random><suffix>} in {@code dir}. */
    public static Path createFile(Path dir, String kind, String suffix) throws IOException {
        return Files.createTempFile(dir, prefix(kind), suffix);
    }

    /** A new, empty folder {@code <kind>-<pid>-<place>-<random>} in {@code dir}. */
    public static Path createDirectory(Path dir, String kind) throws IOException {
        return Files.createTempDirectory(dir, prefix(kind));
    }

    /** A new, empty file in rdw's folder of the system's temporary folder. */
    public static Path createSystemFile(String kind, String suffix) throws IOException {
        return createFile(systemFolder(), kind, suffix);
    }

    /** A new, empty folder in rdw's folder of the system's temporary folder. */
    public static Path createSystemDirectory(String kind) throws IOException {
        return createDirectory(systemFolder(), kind);
    }

    /**
     * rdw's folder in the system's temporary folder, {@code <java.io.tmpdir>/rdw-<user>}, created readable by its user
     * only. The first use in a process removes what dead processes left in it. If that folder cannot be rdw's (another
     * user made it, or it is open to others), a private folder of this process is used instead.
     */
    public static Path systemFolder() throws IOException {
        Path s = system;
        if (s == null) {
            synchronized (TemporaryFiles.class) {
                s = system;
                if (s == null) {
                    s = openSystemFolder();
                    removeSystemLeftovers();
                    system = s;
                }
            }
        }
        return s;
    }

    /** Where rdw's folder in the system's temporary folder is, whether or not it exists. */
    public static Path systemFolderPath() {
        String user = System.getProperty("user.name", "").replaceAll("[^A-Za-z0-9._-]", "_");
        if (user.isEmpty() || user.startsWith(".")) {
            user = "user" + user;
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()
                .resolve("rdw-" + user.substring(0, Math.min(user.length(), 64)));
    }

    /**
     * Removes what dead processes left in rdw's folder of the system's temporary folder, once per process (a client
     * does it when it opens). Nothing happens when the folder does not exist.
     */
    public static void removeSystemLeftovers() {
        if (SYSTEM_SWEPT.compareAndSet(false, true)) {
            Path dir = systemFolderPath();
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && isPrivate(dir)) {
                removeLeftovers(dir);
            }
        }
    }

    /**
     * Removes the entries of {@code dir} whose owner is gone (see the class comment) and returns them. An entry that
     * cannot be removed (another user's, or in use where the system forbids it) is left for a later start.
     */
    public static List<Path> removeLeftovers(Path dir) {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    if (isLeftover(entry)) {
                        deleteTree(entry);
                        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
                            removed.add(entry);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("cannot tell whether {} is left over: {}", entry, e.toString());
                }
            }
        } catch (NoSuchFileException e) {
            return removed;
        } catch (IOException e) {
            LOG.debug("cannot look for leftovers in {}: {}", dir, e.toString());
        }
        if (!removed.isEmpty()) {
            LOG.info("removed {} temporary file(s) left in {} by processes that ended without cleaning up", removed.size(), dir);
        }
        return removed;
    }

    /** Whether an entry of a temporary folder belongs to no live process (see the class comment). */
    public static boolean isLeftover(Path entry) throws IOException {
        Matcher m = OWNED.matcher(entry.getFileName().toString());
        if (m.matches() && m.group(2).equals(PLACE)) {
            Optional<ProcessHandle> owner = ProcessHandle.of(Long.parseLong(m.group(1)));
            if (owner.isEmpty() || !owner.get().isAlive()) {
                return true;
            }
            // ids are reused: a process that started after the entry last changed did not make it
            Optional<Instant> started = owner.get().info().startInstant();
            return started.isPresent() && started.get().isAfter(lastChange(entry).plus(START_MARGIN));
        }
        return lastChange(entry).isBefore(Instant.now().minus(UNOWNED_AFTER));
    }

    /** The latest change to a file, or to a folder or anything in it. */
    private static Instant lastChange(Path entry) throws IOException {
        BasicFileAttributes a = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Instant latest = a.lastModifiedTime().toInstant();
        if (a.isDirectory()) {
            try (Stream<Path> all = Files.walk(entry)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Instant t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant();
                    latest = t.isAfter(latest) ? t : latest;
                }
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return latest;
    }

    /** Deletes a file, or a folder and what is in it, as far as it can (never following a link out of it). */
    public static void deleteTree(Path top) {
        if (top == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(top)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.debug("cannot delete {}: {}", top, e.toString());
        }
    }

    private static Path openSystemFolder() throws IOException {
        Path dir = systemFolderPath();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Files.createDirectories(dir.getParent());
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // made by an earlier process: checked below
        }
        if (isPrivate(dir)) {
            return dir;
        }
        Path own = Files.createTempDirectory(dir.getParent(), dir.getFileName() + "-" + PID + "-");
        own.toFile().deleteOnExit();
        LOG.warn("{} is not a folder of this user's own (it is a link, open to others, or not writable): rdw's temporary "
                + "files go to {} instead, and what a killed process leaves there is not removed later; remove {} so "
                + "that rdw can make it", dir, own, dir);
        return own;
    }

    /** A real folder (not a link) that only its owner can enter, and this process can write in. */
    private static boolean isPrivate(Path dir) {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isDirectory() || !Files.isWritable(dir)) {
                return false;
            }
            return !dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                    || Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A tag of where this process runs, so that a process id is only judged where it means something: on Linux this
     * boot and this process-id namespace (a container has its own); elsewhere the computer's name and when its first
     * process started.
     */
    private static String place() {
        String where;
        try {
            where = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip() + "/"
                    + Files.readSymbolicLink(Path.of("/proc/self/ns/pid"));
        } catch (IOException | RuntimeException notLinux) {
            where = System.getenv().getOrDefault("COMPUTERNAME", "") + "/" + System.getenv().getOrDefault("HOSTNAME", "")
                    + "/" + ProcessHandle.of(1).flatMap(p -> p.info().startInstant()).map(Instant::toString).orElse("");
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
