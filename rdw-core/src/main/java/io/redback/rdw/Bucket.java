package io.redback.rdw;

import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.internal.Tags;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.StoredObject;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One layer's bucket. Get it from {@link Warehouse#bucket(String)} or {@link WarehouseClient#bucket(Layer)}.
 *
 * <pre>{@code
 * ObjectInfo raw = Warehouse.bucket("bronze").upload(Path.of("rides.csv"), "project1");
 * try (InputStream in = Warehouse.bucket("bronze").open(raw.key())) { ... }
 * }</pre>
 *
 * Bronze is write-once: uploads get a unique UTC-timestamped name, nothing in it is overwritten or deleted.
 * Every write is tagged with its provenance and recorded as one provenance event.
 */
public final class Bucket {
    /** {@code 20251125T101500123Z}: UTC to the millisecond, so names sort by time and two uploads never share one. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,16}");
    /**
     * Where rdw keeps what belongs to an object but must stay out of its data folder (a pipeline's statistics): a
     * folder that holds one dataset must hold files of one format, or neither Dremio nor the embedded engine reads it
     * as one table. Names under it start with {@code _}, which query engines skip in a folder.
     */
    public static final String SIDECAR_PREFIX = "_rdw/";
    private static final int MAX_BASE = 100;

    private final Layer layer;
    private final String name;
    private final ObjectStore store;
    private final GovernedWriter writer;
    private final Clock clock;

    Bucket(Layer layer, String name, ObjectStore store, GovernedWriter writer, Clock clock) {
        this.layer = layer;
        this.name = name;
        this.store = store;
        this.writer = writer;
        this.clock = clock;
    }

    public Layer layer() {
        return layer;
    }

    /** The bucket's name in the store, e.g. {@code dw-bucket-bronze}. */
    public String name() {
        return name;
    }

    /** Uploads a local file into a project's folder for the current year, under a new timestamped name. */
    public ObjectInfo upload(Path file, String project) {
        return upload(file, project, o -> { });
    }

    /**
     * Uploads a local file as {@code project/YYYY[/tN_task[/student]]/base_YYYYMMDDTHHMMSSmmmZ.ext}.
     *
     * @throws InvalidInputException  for a missing file or an unsafe project, task, student or name
     * @throws AlreadyExistsException for an exact name that is taken (see {@link UploadOptions#exactName()})
     */
    public ObjectInfo upload(Path file, String project, Consumer<UploadOptions> options) {
        UploadOptions o = new UploadOptions();
        options.accept(o);
        requireReadableFile(file);
        DatasetLocation location = location(project, o);
        String fileName = file.getFileName().toString();
        String ext = extension(fileName);
        String base = base(fileName, o);
        // hashed (and scanned) once, before naming: the same content at this location is the same upload
        GovernedWriter.Content content = writer.inspect(new ObjectRef(layer, location.prefix() + base
                + (ext.isEmpty() ? "" : "." + ext)), file);
        if (!o.allowDuplicate) {
            Optional<ObjectInfo> same = sameContent(location, ext, content);
            if (same.isPresent()) {
                return same.get();
            }
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            String stem = o.exactName ? base : base + "_" + STAMP.format(clock.instant().plusMillis(attempt));
            String key = location.prefix() + stem + (ext.isEmpty() ? "" : "." + ext);
            ObjectRef ref = new ObjectRef(layer, key);
            if (!o.exactName && store.exists(name, key)) {
                continue;
            }
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("original_filename", Names.ascii(fileName));
            event.put("updated_filename", key);
            event.put("preprocessing_option", "none");
            event.put("destination_buckets", List.of(name));
            event.put("project", location.project());
            PutOptions put = new PutOptions().sourceFile(fileName).progress(o.progress);
            try {
                return writer.write(ref, file, content, put, ProvenanceEvent.FILE_UPLOADED, event);
            } catch (AlreadyExistsException e) {
                if (o.exactName) {
                    throw e;
                }
                // another writer took this millisecond between our check and our write: take the next one
            }
        }
        throw new AlreadyExistsException("no free name for " + base + " in " + location.prefix() + " after 1000 attempts");
    }

    /**
     * The key an upload of {@code file} with an {@linkplain UploadOptions#exactName() exact name} takes:
     * {@code project/YYYY[/tN_task[/student]]/base.ext}. To replace that object, {@link #put} it there with
     * {@link PutOptions#overwrite()}.
     */
    public String uploadKey(Path file, String project, Consumer<UploadOptions> options) {
        UploadOptions o = new UploadOptions();
        options.accept(o);
        String fileName = file.getFileName().toString();
        String ext = extension(fileName);
        return location(project, o).prefix() + base(fileName, o) + (ext.isEmpty() ? "" : "." + ext);
    }

    /**
     * An object directly in the location's folder with this content (same extension, size and SHA-256); the listing's
     * sizes narrow it down, so only a same-size object is looked at closer.
     */
    private Optional<ObjectInfo> sameContent(DatasetLocation location, String ext, GovernedWriter.Content content) {
        String prefix = location.prefix();
        for (StoredObject o : store.list(name, prefix)) {
            String rest = o.key().substring(prefix.length());
            int dot = rest.lastIndexOf('.');
            String theirs = dot <= 0 ? "" : rest.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (rest.indexOf('/') >= 0 || o.size() != content.size() || !theirs.equals(ext)) {
                continue;
            }
            String sha = o.metadata().get(Tags.SHA256);
            if (sha == null) {
                sha = store.stat(name, o.key()).metadata().get(Tags.SHA256);
            }
            if (content.sha256().equals(sha)) {
                return Optional.of(info(store.stat(name, o.key())));
            }
        }
        return Optional.empty();
    }

    private DatasetLocation location(String project, UploadOptions o) {
        int year = o.year != null ? o.year : clock.instant().atZone(ZoneOffset.UTC).getYear();
        return new DatasetLocation(project, year, o.task, o.student);
    }

    private static String base(String fileName, UploadOptions o) {
        return o.name != null ? Names.simple("name", o.name, MAX_BASE) : baseOf(fileName);
    }

    /** Stores a local file under an exact key. */
    public ObjectInfo put(String key, Path file) {
        return put(key, file, o -> { });
    }

    /** Stores a local file under an exact key, with options (overwrite, lineage, metadata). */
    public ObjectInfo put(String key, Path file, Consumer<PutOptions> options) {
        requireReadableFile(file);
        PutOptions o = new PutOptions().sourceFile(file.getFileName().toString());
        options.accept(o);
        return writer.write(new ObjectRef(layer, key), file, o, eventType(o), eventMetadata(o));
    }

    /**
     * Stores a stream under an exact key; the stream is read to its end (and not closed). It passes through a
     * temporary file, so its size does not matter.
     */
    public ObjectInfo put(String key, InputStream content, Consumer<PutOptions> options) {
        PutOptions o = new PutOptions();
        options.accept(o);
        return writer.write(new ObjectRef(layer, key), content, o, eventType(o), eventMetadata(o));
    }

    private static String eventType(PutOptions o) {
        return o.lineage != null ? ProvenanceEvent.OBJECT_DERIVED : ProvenanceEvent.OBJECT_WRITTEN;
    }

    private static Map<String, Object> eventMetadata(PutOptions o) {
        Map<String, Object> event = new LinkedHashMap<>(o.eventMetadata);
        if (o.sourceFile != null) {
            event.putIfAbsent("original_filename", Names.ascii(o.sourceFile));
        }
        return event;
    }

    /** @throws NotFoundException if there is no such object */
    public ObjectInfo stat(String key) {
        return info(store.stat(name, Names.key(key)));
    }

    public boolean exists(String key) {
        return store.exists(name, Names.key(key));
    }

    /** The object's bytes; close the stream. @throws NotFoundException if there is no such object */
    public InputStream open(String key) {
        return store.open(name, Names.key(key));
    }

    /**
     * The object's file when the store keeps objects as local files (the embedded warehouse); empty for remote
     * stores. Read it, never write it.
     */
    public Optional<Path> localFile(String key) {
        return store.localPath(name, Names.key(key));
    }

    /**
     * Downloads an object to a local file, verifying its SHA-256 against the one recorded when it was written.
     * The file appears only when complete and verified; an existing file is refused.
     *
     * @param target a file, or an existing folder to download into under the object's file name
     * @throws AlreadyExistsException if the target file exists
     * @throws RdwException           if the content does not match its recorded checksum (nothing is left behind)
     */
    public Path download(String key, Path target) {
        return download(key, target, o -> { });
    }

    /**
     * Downloads an object with options: {@code bucket.download(key, Path.of("rides.csv"), o -> o.overwrite())}.
     */
    public Path download(String key, Path target, Consumer<DownloadOptions> options) {
        DownloadOptions o = new DownloadOptions();
        options.accept(o);
        ObjectInfo info = stat(key);
        Path out = Files.isDirectory(target) ? target.resolve(key.substring(key.lastIndexOf('/') + 1)) : target;
        return AtomicFiles.write(out, o.existing, partial -> {
            MessageDigest digest;
            try (InputStream in = open(key); OutputStream os = new ProgressOutput(Files.newOutputStream(partial),
                    o.progress, info.size())) {
                digest = HashingCopy.copy(in, os);
            }
            String actual = Hashing.hex(digest);
            Optional<String> expected = info.sha256();
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new RdwException(info.ref() + " is corrupt: its content has SHA-256 " + actual
                        + " but " + expected.get() + " was recorded when it was written");
            }
            return out;
        });
    }

    /**
     * A link that downloads the object without credentials until it expires (a presigned URL).
     *
     * @param expiry how long the link works: at least a second, at most 7 days
     * @throws ForbiddenException where the store cannot make such links (the embedded warehouse)
     */
    public java.net.URI share(String key, java.time.Duration expiry) {
        if (expiry.compareTo(java.time.Duration.ofSeconds(1)) < 0 || expiry.compareTo(java.time.Duration.ofDays(7)) > 0) {
            throw new InvalidInputException("a link can last from 1 second to 7 days, not " + expiry);
        }
        stat(key);
        return store.presign(name, key, expiry).orElseThrow(() -> new ForbiddenException(
                store.describe() + " cannot make download links; sharing needs an S3 store (rdw.s3.endpoint)"));
    }

    /** Every object in the bucket, sorted by key (rdw's sidecars under {@link #SIDECAR_PREFIX} aside). */
    public List<ObjectInfo> list() {
        return list("");
    }

    /**
     * Objects whose key starts with {@code prefix}, sorted by key; rdw's sidecars are listed only when the prefix names
     * them ({@code _rdw/...}).
     */
    public List<ObjectInfo> list(String prefix) {
        boolean sidecars = prefix != null && prefix.startsWith(SIDECAR_PREFIX);
        List<ObjectInfo> out = new ArrayList<>();
        for (StoredObject o : store.list(name, Names.prefix(prefix))) {
            if (sidecars || !o.key().startsWith(SIDECAR_PREFIX)) {
                out.add(info(o));
            }
        }
        return out;
    }

    /**
     * The key of an object's sidecar of a kind ({@code pipeline.json}): under {@link #SIDECAR_PREFIX}, out of the
     * object's data folder. {@code project1/2026/t1/rides_processed.parquet} has
     * {@code _rdw/project1/2026/t1/rides_processed.pipeline.json}.
     */
    public static String sidecarKey(String key, String kind) {
        Names.key(key);
        int dot = key.lastIndexOf('.');
        String stem = dot > key.lastIndexOf('/') ? key.substring(0, dot) : key;
        return SIDECAR_PREFIX + stem + "." + kind;
    }

    /** Objects under a dataset location. */
    public List<ObjectInfo> list(DatasetLocation location) {
        return list(location.prefix());
    }

    /**
     * Keys grouped by project (their first path segment), as the download service's {@code /list-files} returns them.
     */
    public Map<String, List<String>> listByProject() {
        Map<String, List<String>> groups = new TreeMap<>();
        for (ObjectInfo o : list()) {
            int slash = o.key().indexOf('/');
            String project = slash < 0 ? "" : o.key().substring(0, slash);
            groups.computeIfAbsent(project, p -> new ArrayList<>()).add(o.key());
        }
        return groups;
    }

    /**
     * Deletes an object and records the event.
     *
     * @throws ForbiddenException in bronze, which is write-once
     * @throws NotFoundException  if there is no such object
     */
    public void delete(String key) {
        writer.delete(new ObjectRef(layer, key));
    }

    private ObjectInfo info(StoredObject o) {
        return new ObjectInfo(new ObjectRef(layer, o.key()), name, o.size(), o.lastModified(), o.metadata());
    }

    private static void requireReadableFile(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new NotFoundException("no such file: " + (file == null ? "null" : Names.printable(file.toString())));
        }
        if (!Files.isReadable(file)) {
            throw new InvalidInputException("cannot read " + Names.printable(file.toString()) + ": permission denied");
        }
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0 || dot == fileName.length() - 1) {
            return "";
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSION.matcher(ext).matches()) {
            throw new InvalidInputException("file extension " + Names.printable(ext)
                    + " is not allowed: use up to 16 letters and digits");
        }
        return ext;
    }

    /** A safe base name from a local file name: unsafe runs become '_'; the original is kept in provenance. */
    static String baseOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String base = stem.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("^[_-]+|[_-]+$", "");
        if (base.length() > MAX_BASE) {
            base = base.substring(0, MAX_BASE);
        }
        return base.isEmpty() ? "upload" : base;
    }

    @Override
    public String toString() {
        return "Bucket[" + layer.id() + ": " + name + "]";
    }
}
