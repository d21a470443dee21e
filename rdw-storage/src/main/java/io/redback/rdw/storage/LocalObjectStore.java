package io.redback.rdw.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.ContentCheck;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded object store: a bucket is a folder under the warehouse root, an object a file. Its metadata is kept
 * beside it in a hidden sidecar ({@code .name.rdw.json}). Writes go to a temporary file on the same disk, are forced
 * to disk and then renamed into place (or hard-linked, when the key must not exist yet, which makes
 * create-if-absent atomic between processes), so a crash never leaves half an object under its key. Temporary files
 * are named with their process ({@link TemporaryFiles}): what a killed process left in {@code .rdw/tmp} is removed
 * when the store next opens, and what a live one is writing is not.
 * Keys are validated and resolved paths checked, so nothing is ever read or written outside the root.
 */
final class LocalObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);
    private static final String SIDECAR_SUFFIX = ".rdw.json";

    private final Path root;
    private final Path tmp;

    /** Opens (creating if needed) the warehouse folder {@code root}. */
    LocalObjectStore(Path root) {
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            this.tmp = this.root.resolve(".rdw").resolve("tmp");
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot open the embedded warehouse folder " + root + ": " + e.getMessage(), e);
        }
        TemporaryFiles.removeLeftovers(tmp); // what killed processes left; never what a live one uses
    }

    /** The warehouse folder. */
    public Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "embedded:" + root;
    }

    @Override
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(bucketDir(bucket));
        } catch (IOException e) {
            throw failure("create bucket " + bucket, e);
        }
    }

    @Override
    public boolean bucketExists(String bucket) {
        return Files.isDirectory(bucketDir(bucket), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public StoredObject put(String bucket, String key, InputStream content, PutRequest request) {
        Path dir = existingBucket(bucket);
        Path target = file(dir, key);
        checkNoObjectInTheWay(dir, target, key);
        Path data = null;
        Path meta = null;
        try {
            data = TemporaryFiles.createFile(tmp, "put", ".part");
            ContentCheck check = new ContentCheck(content, request);
            try (OutputStream out = Files.newOutputStream(data)) {
                check.transferTo(out);
            }
            check.verify(bucket + "/" + key);
            AtomicFiles.force(data);
            meta = TemporaryFiles.createFile(tmp, "meta", ".part");
            Files.write(meta, Sidecars.JSON.writeValueAsBytes(new Sidecar(request.contentType(), request.size(), request.metadata())));
            AtomicFiles.force(meta);
            Files.createDirectories(target.getParent());
            checkInside(target.getParent());
            if (request.overwrite()) {
                AtomicFiles.publish(data, target);
            } else {
                createExclusively(data, target, key);
            }
            AtomicFiles.publish(meta, sidecar(target));
            return stat(bucket, key);
        } catch (IOException e) {
            throw failure("store " + key + " in " + bucket, e);
        } finally {
            deleteQuietly(data);
            deleteQuietly(meta);
        }
    }

    /** Publishes {@code data} at {@code target} only if nothing is there: link() fails atomically if it exists. */
    private static void createExclusively(Path data, Path target, String key) throws IOException {
        try {
            Files.createLink(target, data);
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException(key + " already exists");
        } catch (UnsupportedOperationException | IOException noLinks) {
            // file systems without hard links: check then move, atomic only within this process
            synchronized (LocalObjectStore.class) {
                if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new AlreadyExistsException(key + " already exists");
                }
                AtomicFiles.publish(data, target);
            }
        }
    }

    @Override
    public StoredObject stat(String bucket, String key) {
        Path target = file(bucketDir(bucket), key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw notFound(bucket, key);
            }
            return new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant(), null, readSidecar(target));
        } catch (NoSuchFileException e) {
            throw notFound(bucket, key);
        } catch (IOException e) {
            throw failure("read " + key + " in " + bucket, e);
        }
    }

    @Override
    public InputStream open(String bucket, String key) {
        Path target = file(bucketDir(bucket), key);
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(bucket, key);
        }
        try {
            return Files.newInputStream(target);
        } catch (NoSuchFileException e) {
            throw notFound(bucket, key);
        } catch (IOException e) {
            throw failure("read " + key + " in " + bucket, e);
        }
    }

    @Override
    public Optional<Path> localPath(String bucket, String key) {
        Path target = file(bucketDir(bucket), key);
        return Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) ? Optional.of(target) : Optional.empty();
    }

    /** The folder of a key prefix, for engines that read a folder as one dataset; empty if there is none. */
    public Optional<Path> localFolder(String bucket, String prefix) {
        Path dir = file(bucketDir(bucket), prefix);
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Optional.of(dir) : Optional.empty();
    }

    @Override
    public List<StoredObject> list(String bucket, String prefix) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("bucket " + bucket + " does not exist in " + root);
        }
        Names.prefix(prefix);
        // start at the deepest folder the prefix names completely; filter the rest by string prefix
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? dir : file(dir, prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> {
                String key = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix) && !hidden(key)) {
                    keys.add(key);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BackendUnavailableException("cannot list " + bucket + "/" + prefix + " in " + root + ": " + e.getMessage(), e);
        }
        keys.sort(Comparator.naturalOrder());
        List<StoredObject> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            try {
                out.add(stat(bucket, key));
            } catch (NotFoundException deletedMeanwhile) {
                // a concurrent delete: the listing is a snapshot of what still exists
            }
        }
        return out;
    }

    @Override
    public boolean delete(String bucket, String key) {
        Path dir = bucketDir(bucket);
        Path target = file(dir, key);
        try {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            boolean deleted = Files.deleteIfExists(target);
            Files.deleteIfExists(sidecar(target));
            for (Path p = target.getParent(); p != null && !p.equals(dir) && p.startsWith(dir); p = p.getParent()) {
                try {
                    Files.delete(p);
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    break;
                }
            }
            return deleted;
        } catch (IOException e) {
            throw failure("delete " + key + " in " + bucket, e);
        }
    }

    /** UP when a file can be written in the warehouse folder: a real write, as permissions alone can mislead. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        String fix = "set the " + RdwConfig.WAREHOUSE.describe() + " to a folder this user can write";
        if (!Files.isDirectory(root)) {
            return Health.down("storage", describe(), Duration.ofNanos(System.nanoTime() - start), "the warehouse folder "
                    + root + " no longer exists: restore it, or " + fix);
        }
        try {
            Files.createDirectories(tmp);
            Files.delete(TemporaryFiles.createFile(tmp, "health", ".part"));
            return Health.up("storage", describe(), Duration.ofNanos(System.nanoTime() - start),
                    "the warehouse folder " + root + " is writable");
        } catch (IOException e) {
            return Health.down("storage", describe(), Duration.ofNanos(System.nanoTime() - start), "cannot write in the "
                    + "warehouse folder " + root + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): fix its permissions, or " + fix);
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    @Override
    public String toString() {
        return describe();
    }

    private Path bucketDir(String bucket) {
        return root.resolve(Names.bucket(bucket));
    }

    private Path existingBucket(String bucket) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("bucket " + bucket + " does not exist in " + root);
        }
        return dir;
    }

    /** The file of a key: validated, resolved and checked to stay inside the bucket. */
    private Path file(Path bucketDir, String key) {
        Names.key(key);
        Path p = bucketDir.resolve(key).normalize();
        if (!p.startsWith(bucketDir) || p.equals(bucketDir)) {
            throw new ForbiddenException("object key " + Names.printable(key) + " leaves its bucket");
        }
        return p;
    }

    /** Refuses to go through a symbolic link that leads out of the warehouse. */
    private void checkInside(Path existingDir) throws IOException {
        if (!existingDir.toRealPath().startsWith(root)) {
            throw new ForbiddenException(existingDir + " leads outside the warehouse " + root);
        }
    }

    /** A key cannot be both an object and a folder of objects on a file system. */
    private static void checkNoObjectInTheWay(Path bucketDir, Path target, String key) {
        for (Path p = target.getParent(); p != null && !p.equals(bucketDir); p = p.getParent()) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new InvalidInputException("cannot store " + key + ": " + bucketDir.relativize(p).toString()
                        .replace('\\', '/') + " is an object, not a folder");
            }
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("cannot store " + key + ": it is a folder of other objects");
        }
    }

    private static boolean hidden(String key) {
        return key.startsWith(".") || key.contains("/.");
    }

    private static Path sidecar(Path target) {
        return target.resolveSibling("." + target.getFileName() + SIDECAR_SUFFIX);
    }

    private static Map<String, String> readSidecar(Path target) {
        Path side = sidecar(target);
        try {
            return Sidecars.JSON.readValue(side.toFile(), Sidecar.class).metadata();
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            LOG.warn("unreadable metadata for {}: {}", target, e.getMessage());
            return Map.of();
        }
    }

    private NotFoundException notFound(String bucket, String key) {
        return new NotFoundException(bucket + "/" + key + " does not exist");
    }

    private BackendUnavailableException failure(String what, IOException e) {
        return new BackendUnavailableException("embedded store " + root + ": cannot " + what + ": " + e, e);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // named with this process: removed at a later start once this process has ended
            }
        }
    }

    /** What is kept beside each object. */
    private record Sidecar(String contentType, long size, Map<String, String> metadata) {
    }

    /** Made on first use: opening the store (a local clean does) need not start Jackson. */
    private static final class Sidecars {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
