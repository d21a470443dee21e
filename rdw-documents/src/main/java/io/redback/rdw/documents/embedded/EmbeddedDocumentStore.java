package io.redback.rdw.documents.embedded;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.helpers.JsonDocuments;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.DocumentStore;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The embedded document store: a collection is a folder {@code <warehouse>/.rdw/documents/<collection>/}, a
 * document one JSON file {@code <id>.json} in it. A write goes to a temporary file on the same disk, is forced to disk
 * and then renamed into place (a new document is hard-linked, which fails atomically if the id is taken), so a reader
 * sees a whole document or none. Writers to a collection take its lock (in this process and through a file lock,
 * across processes); readers take none. Queries stream: only ids, and for a sort the sort keys, are held in memory.
 */
final class EmbeddedDocumentStore implements DocumentStore {
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String SUFFIX = ".json";
    /** A JVM may not hold two FileLocks on one file: threads queue on a monitor per collection first. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path tmp;

    /** The document store of a warehouse folder (created if missing). */
    EmbeddedDocumentStore(Path warehouse) {
        try {
            Path real = Files.createDirectories(warehouse).toRealPath();
            this.root = Files.createDirectories(real.resolve(".rdw").resolve("documents"));
            this.tmp = Files.createDirectories(real.resolve(".rdw").resolve("tmp"));
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot open the embedded document store in " + warehouse + ": "
                    + e.getMessage(), e);
        }
        TemporaryFiles.removeLeftovers(tmp); // what killed processes left; never what a live one uses
    }

    /** The folder that holds the collections. */
    Path root() {
        return root;
    }

    @Override
    public String describe() {
        return "embedded:" + root;
    }

    @Override
    public Publisher<Long> insert(String collection, List<Map<String, Object>> documents) {
        return call(() -> write(collection, dir -> {
            for (Map<String, Object> d : documents) {
                if (Files.exists(file(dir, id(d)), LinkOption.NOFOLLOW_LINKS)) {
                    throw new AlreadyExistsException("document " + id(d) + " already exists in collection " + collection);
                }
            }
            long n = 0;
            for (Map<String, Object> d : documents) {
                try {
                    publish(JsonDocuments.bytes(d), file(dir, id(d)), true);
                } catch (IOException | RuntimeException e) {
                    throw new BackendUnavailableException("embedded store " + root + ": cannot store document " + id(d)
                            + " in " + collection + " after " + n + " of " + documents.size() + ": " + e.getMessage(), e);
                }
                n++;
            }
            return n;
        }));
    }

    @Override
    public Publisher<Map<String, Object>> get(String collection, String id) {
        return call(() -> read(file(dir(collection), id)));
    }

    @Override
    public Publisher<Map<String, Object>> find(String collection, DocumentQuery query) {
        return Flux.defer(() -> Flux.fromIterable(new EmbeddedQuery(this, dir(collection), query).plan()))
                .onErrorMap(UncheckedIOException.class, e -> failure("read " + collection, e.getCause()))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Publisher<Long> count(String collection, Map<String, Object> filter) {
        return call(() -> {
            long n = 0;
            for (String id : ids(dir(collection))) {
                Map<String, Object> doc = filter.isEmpty() ? Map.of() : read(file(dir(collection), id));
                if (doc != null && (filter.isEmpty() || DocumentMatcher.matches(doc, filter))) {
                    n++;
                }
            }
            return n;
        });
    }

    @Override
    public Publisher<Long> update(String collection, String id, Map<String, Object> fields) {
        return call(() -> write(collection, dir -> {
            Path file = file(dir, id);
            Map<String, Object> doc = read(file);
            if (doc == null) {
                return 0L;
            }
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                DocumentValues.set(doc, f.getKey(), f.getValue());
            }
            publish(JsonDocuments.bytes(doc), file, false);
            return 1L;
        }));
    }

    @Override
    public Publisher<Long> replace(String collection, String id, Map<String, Object> document) {
        return call(() -> write(collection, dir -> {
            Path file = file(dir, id);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return 0L;
            }
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("_id", id);
            document.forEach((k, v) -> {
                if (!k.equals("_id")) {
                    doc.put(k, v);
                }
            });
            publish(JsonDocuments.bytes(doc), file, false);
            return 1L;
        }));
    }

    @Override
    public Publisher<Long> delete(String collection, String id) {
        return call(() -> write(collection, dir -> Files.deleteIfExists(file(dir, id)) ? 1L : 0L));
    }

    /** Up when a document could be written now: the folders exist and a file can be made where writes start. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            Files.createDirectories(root);
            Files.delete(TemporaryFiles.createFile(Files.createDirectories(tmp), "health", ".part"));
            if (!Files.isWritable(root)) {
                throw new IOException(root + " is not writable");
            }
            return Health.up("documents", describe(), since(start), "documents can be written in " + root);
        } catch (IOException | UnsupportedOperationException e) {
            return Health.down("documents", describe(), since(start), "cannot write documents in " + root + ": " + e
                    + "; make the folder writable by this user, or set rdw.warehouse (RDW_WAREHOUSE) to one it owns");
        }
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Runs blocking file work on Reactor's thread pool for blocking tasks, when subscribed to. */
    private <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private interface Write<T> {
        T run(Path dir) throws IOException;
    }

    /** Runs a change under the collection's lock, in this process and across processes. */
    private <T> T write(String collection, Write<T> change) throws IOException {
        Path dir = dir(collection);
        synchronized (MONITORS.computeIfAbsent(dir, d -> new Object())) {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return change.run(dir);
            } catch (IOException e) {
                throw failure("write to " + collection, e);
            }
        }
    }

    /** Writes bytes to a temporary file, forces them to disk, then puts the file at {@code target} in one step. */
    private void publish(byte[] json, Path target, boolean create) throws IOException {
        Path part = TemporaryFiles.createFile(tmp, "doc", ".part");
        try {
            Files.write(part, json);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (create) {
                try {
                    Files.createLink(target, part);
                } catch (FileAlreadyExistsException e) {
                    throw new AlreadyExistsException("document " + target.getFileName().toString().replace(SUFFIX, "")
                            + " already exists");
                } catch (UnsupportedOperationException | IOException noLinks) {
                    // no hard links on this file system: the collection lock keeps the check and the move together
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new AlreadyExistsException("document " + target.getFileName() + " already exists");
                    }
                    AtomicFiles.publish(part, target);
                }
            } else {
                AtomicFiles.publish(part, target);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A document, or {@code null} if its file is not there (never written, or deleted meanwhile). */
    Map<String, Object> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw failure("read " + file.getFileName(), e);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = (Map<String, Object>) JsonDocuments.plain(Json.MAPPER.readTree(bytes));
            return doc;
        } catch (IOException | ClassCastException e) {
            throw new BackendUnavailableException("embedded store " + root + ": document file " + file
                    + " is not readable JSON; restore it or delete it: " + e.getMessage(), e);
        }
    }

    /** The ids in a collection, sorted (an empty list for a collection that does not exist). */
    List<String> ids(Path dir) {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - SUFFIX.length());
                if (ID.matcher(id).matches()) {
                    ids.add(id);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list " + dir.getFileName(), e);
        }
        ids.sort(null);
        return ids;
    }

    Path dir(String collection) {
        if (collection == null || !COLLECTION.matcher(collection).matches()) {
            throw new InvalidInputException("collection name " + Names.printable(collection) + " is not valid");
        }
        return root.resolve(collection);
    }

    Path file(Path dir, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("document id " + Names.printable(id) + " is not valid");
        }
        return dir.resolve(id + SUFFIX);
    }

    private static String id(Map<String, Object> doc) {
        Object id = doc.get("_id");
        if (!(id instanceof String s)) {
            throw new InvalidInputException("a document to insert needs a string _id, found " + id);
        }
        return s;
    }

    private BackendUnavailableException failure(String what, Throwable e) {
        return new BackendUnavailableException("embedded document store " + root + ": cannot " + what + ": " + e, e);
    }
}
