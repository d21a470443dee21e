package io.redback.rdw;

import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.internal.RdwVersion;
import io.redback.rdw.internal.Tags;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.PutRequest;
import io.redback.rdw.spi.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Every write and delete goes through here: the governance rules (bronze is write-once, no silent overwrite),
 * the provenance tags on the object, and exactly one provenance event per change.
 */
final class GovernedWriter {
    private final RdwConfig config;
    private final ObjectStore store;
    private final ProvenanceSink sink;
    private final Clock clock;
    private final String eventSource;
    private final ContentScanner scanner;

    GovernedWriter(RdwConfig config, ObjectStore store, ProvenanceSink sink, Clock clock, String eventSource,
                   ContentScanner scanner) {
        this.config = config;
        this.store = store;
        this.sink = sink;
        this.clock = clock;
        this.eventSource = eventSource;
        this.scanner = scanner;
    }

    /**
     * Stores a local file under {@code ref}, tagged with its provenance, and records one event. The file is read
     * twice: once here to hash (and scan) it, so the metadata is known before the store starts, and once by the
     * store, which verifies the hash again before the object becomes visible.
     *
     * @param eventType      the provenance event type
     * @param eventMetadata  the event's {@code custom_metadata}
     */
    ObjectInfo write(ObjectRef ref, Path file, PutOptions options, String eventType, Map<String, Object> eventMetadata) {
        return write(ref, file, null, options, eventType, eventMetadata);
    }

    /**
     * What a file holds, hashed (and scanned) once: its SHA-256 and size, and why it was not scanned when a scanner
     * let it through unscanned ({@code null} when scanned, or when there is no scanner).
     */
    record Content(String sha256, long size, String scanSkipped) {
    }

    /** Hashes and scans a file once, for a caller that needs its SHA-256 before it writes (to find a copy). */
    Content inspect(ObjectRef ref, Path file) {
        long[] size = new long[1];
        String[] skipped = new String[1];
        String sha = inspect(ref, file, size, skipped);
        return new Content(sha, size[0], skipped[0]);
    }

    /** As {@link #write(ObjectRef, Path, PutOptions, String, Map)}, with the content already inspected when given. */
    ObjectInfo write(ObjectRef ref, Path file, Content inspected, PutOptions options, String eventType,
                     Map<String, Object> eventMetadata) {
        if (options.overwrite && ref.layer().writeOnce()) {
            throw new ForbiddenException(ref + ": " + ref.layer().id()
                    + " is write-once, objects in it are never overwritten; upload under a new name instead");
        }
        String bucket = config.bucket(ref.layer());
        boolean replacing = options.overwrite && store.exists(bucket, ref.key());
        Instant now = clock.instant();
        String contentType = options.contentType != null ? options.contentType : contentType(ref.key());
        Content content = inspected != null ? inspected : inspect(ref, file);
        String sha256 = content.sha256();
        // the object carries the id of its event, so a trigger or a reader can name the write it reacts to
        UUID eventId = UUID.randomUUID();
        PutRequest request = new PutRequest(options.overwrite ? PutRequest.Mode.REPLACE : PutRequest.Mode.CREATE,
                contentType, content.size(), sha256, tags(ref, now, sha256, eventId, options, contentType), options.progress);
        Map<String, Object> eventFields = eventMetadata;
        ObjectRef companion = null;
        if (options.companionKey != null) {
            if (!options.overwrite && store.exists(bucket, ref.key())) {
                throw new AlreadyExistsException(ref + " already exists; pass overwrite to replace it");
            }
            companion = new ObjectRef(ref.layer(), options.companionKey);
            eventFields = new java.util.LinkedHashMap<>(eventMetadata);
            eventFields.put("companion_object", companion.toString());
            eventFields.put("companion_sha256", putCompanion(companion, bucket, options, now, eventId));
        }
        StoredObject stored;
        try (InputStream in = Files.newInputStream(file)) {
            stored = store.put(bucket, ref.key(), in, request);
        } catch (RuntimeException | IOException e) {
            if (companion != null) {
                store.delete(bucket, companion.key()); // the companion has no meaning without its object
            }
            throw e instanceof AlreadyExistsException a ? alreadyExists(ref, a) : e instanceof IOException io
                    ? new InvalidInputException("cannot read " + file + ": " + io.getMessage(), io) : (RuntimeException) e;
        }
        ProvenanceEvent event = new ProvenanceEvent(eventId, eventSource, eventType, now, config.user(), null,
                bucket, ref.key(), stored.size(), stored.etag(), contentType, store.describe(), sha256, ref.layer(),
                RdwVersion.VALUE, options.lineage, eventFields);
        try {
            sink.record(event);
        } catch (RuntimeException e) {
            // No write without its event: undo a new object; an overwrite cannot be undone, so say so.
            if (!replacing) {
                store.delete(bucket, ref.key());
                if (companion != null) {
                    store.delete(bucket, companion.key());
                }
            }
            throw new BackendUnavailableException("provenance for " + ref + " could not be recorded in " + sink.describe()
                    + (replacing ? "; the object was replaced" : "; the write was undone") + ": " + e.getMessage(), e);
        }
        if (content.scanSkipped() != null) {
            sink.record(scanEvent(ProvenanceEvent.SCAN_SKIPPED, ref, stored.size(), sha256,
                    Map.of("reason", content.scanSkipped(), "scanner", scanner.describe(), "event_id", eventId.toString())));
        }
        return new ObjectInfo(ref, bucket, stored.size(), stored.lastModified(), stored.metadata());
    }

    /**
     * Stores the companion of an object (a small file that belongs to it, like a pipeline's statistics) just before the
     * object, with the same provenance tags; it is part of the object's one event, not an event of its own.
     */
    private String putCompanion(ObjectRef companion, String bucket, PutOptions options, Instant now, UUID eventId) {
        Names.key(companion.key());
        long[] size = new long[1];
        String sha = inspect(companion, options.companionFile, size, new String[1]);
        String type = contentType(companion.key());
        PutRequest request = new PutRequest(companion.layer().writeOnce() ? PutRequest.Mode.CREATE : PutRequest.Mode.REPLACE,
                type, size[0], sha,
                tags(companion, now, sha, eventId, options, type), null);
        try (InputStream in = Files.newInputStream(options.companionFile)) {
            store.put(bucket, companion.key(), in, request);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + options.companionFile + ": " + e.getMessage(), e);
        }
        return sha;
    }

    private static AlreadyExistsException alreadyExists(ObjectRef ref, AlreadyExistsException e) {
        return new AlreadyExistsException(ref + " already exists" + (ref.layer().writeOnce()
                ? "; bronze is write-once: upload under a new name (the default naming adds a UTC timestamp)"
                : "; pass overwrite to replace it"), e);
    }

    /**
     * Stores a stream: it is first copied to a temporary file in rdw's temporary folder (memory stays bounded whatever
     * its size), since the store must know the hash before it starts.
     */
    ObjectInfo write(ObjectRef ref, InputStream content, PutOptions options, String eventType,
                     Map<String, Object> eventMetadata) {
        Path spool = null;
        try {
            spool = TemporaryFiles.createSystemFile("put", ".part");
            try (OutputStream out = Files.newOutputStream(spool)) {
                content.transferTo(out);
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot read the content for " + ref + ": " + e.getMessage(), e);
            }
            return write(ref, spool, options, eventType, eventMetadata);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot create a temporary file for " + ref + ": " + e.getMessage(), e);
        } finally {
            if (spool != null) {
                try {
                    Files.deleteIfExists(spool);
                } catch (IOException ignored) {
                    // named with this process: removed at a later start once this process has ended
                }
            }
        }
    }

    /**
     * Hashes (and scans) the file; returns the hex SHA-256, puts the size in {@code size[0]} and, when the scanner let
     * it through unscanned, why in {@code skipped[0]}. A refusal is recorded as one {@code file:rejected} event.
     */
    private String inspect(ObjectRef ref, Path file, long[] size, String[] skipped) {
        MessageDigest digest = Hashing.sha256();
        ContentScanner.Scan scan = scanner == null ? null : scanner.begin(ref);
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                if (scan != null) {
                    scan.update(buffer, 0, n);
                }
                size[0] += n;
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String sha256 = Hashing.hex(digest);
        if (scan != null) {
            try {
                scan.finish();
            } catch (ForbiddenException refused) {
                ForbiddenException refusal = quarantine(ref, file, size[0], sha256, refused);
                rejected(ref, size[0], sha256, refusal);
                throw refusal;
            }
            skipped[0] = scan.skipped().orElse(null);
        }
        return sha256;
    }

    /**
     * Keeps a copy of content refused for a finding in the quarantine bucket, when one is configured, under the target
     * bucket and key, with the finding and the target in its metadata. The refusal stands whatever happens here; a
     * copy that cannot be kept is said in the refusal, not hidden.
     */
    private ForbiddenException quarantine(ObjectRef ref, Path file, long size, String sha256, ForbiddenException refused) {
        Optional<String> bucket = config.get(RdwConfig.SCAN_QUARANTINE);
        if (bucket.isEmpty() || !(refused instanceof ContentRejectedException r) || r.signature().isEmpty()) {
            return refused;
        }
        String target = config.bucket(ref.layer()) + "/" + ref.key();
        String key = target;
        try {
            if (!store.bucketExists(bucket.get())) {
                store.createBucket(bucket.get());
            }
            Optional<StoredObject> there = stat(bucket.get(), key);
            if (there.isPresent() && sha256.equals(there.get().metadata().get(Tags.SHA256))) {
                return new ContentRejectedException(r, bucket.get() + "/" + key); // refused before: kept once
            }
            if (there.isPresent()) {
                key = target + ".sha256-" + sha256.substring(0, 16); // another content refused under the same name
            }
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(Tags.USER, Names.ascii(config.user()));
            tags.put(Tags.CREATED, clock.instant().toString());
            tags.put(Tags.SHA256, sha256);
            tags.put(Tags.VERSION, RdwVersion.VALUE);
            tags.put(Tags.SIGNATURE, Names.ascii(r.signature().get()));
            tags.put(Tags.REFUSED_TARGET, Names.ascii(target));
            try (InputStream in = Files.newInputStream(file)) {
                store.put(bucket.get(), key, in, new PutRequest(PutRequest.Mode.CREATE, "application/octet-stream",
                        size, sha256, tags, null));
            }
            return new ContentRejectedException(r, bucket.get() + "/" + key);
        } catch (IOException | RuntimeException e) {
            ContentRejectedException notKept = new ContentRejectedException(r.getMessage() + "; it could not be kept in "
                    + "quarantine in " + bucket.get() + ": " + e.getMessage(), r.signature().get());
            notKept.addSuppressed(e);
            return notKept;
        }
    }

    /** The object, when there is one: one request, where exists-then-stat would be two. */
    private Optional<StoredObject> stat(String bucket, String key) {
        try {
            return Optional.of(store.stat(bucket, key));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Records the scanner's refusal: who tried to write what, and why; nothing was stored in the target. */
    private void rejected(ObjectRef ref, long size, String sha256, ForbiddenException refused) {
        Map<String, Object> why = new LinkedHashMap<>();
        why.put("reason", String.valueOf(refused.getMessage()));
        if (refused instanceof ContentRejectedException r) {
            r.signature().ifPresent(sig -> why.put("signature", sig));
            r.quarantined().ifPresent(where -> why.put("quarantine", where));
        }
        why.put("scanner", scanner.describe());
        try {
            sink.record(scanEvent(ProvenanceEvent.FILE_REJECTED, ref, size, sha256, why));
        } catch (RuntimeException e) {
            refused.addSuppressed(e); // the refusal stands; the caller sees why it was not recorded
        }
    }

    private ProvenanceEvent scanEvent(String type, ObjectRef ref, long size, String sha256, Map<String, Object> fields) {
        return new ProvenanceEvent(UUID.randomUUID(), eventSource, type, clock.instant(), config.user(), null,
                config.bucket(ref.layer()), ref.key(), size, null, contentType(ref.key()), store.describe(), sha256,
                ref.layer(), RdwVersion.VALUE, null, fields);
    }

    /** Deletes an object outside bronze and records the event. */
    void delete(ObjectRef ref) {
        if (ref.layer().writeOnce()) {
            throw new ForbiddenException(ref + ": " + ref.layer().id() + " is write-once; its objects cannot be deleted through rdw");
        }
        String bucket = config.bucket(ref.layer());
        StoredObject before = store.stat(bucket, ref.key());
        if (!store.delete(bucket, ref.key())) {
            throw new NotFoundException(ref + " does not exist");
        }
        sink.record(new ProvenanceEvent(UUID.randomUUID(), eventSource, ProvenanceEvent.OBJECT_DELETED, clock.instant(),
                config.user(), null, bucket, ref.key(), before.size(), before.etag(), null, store.describe(),
                before.metadata().get(Tags.SHA256), ref.layer(), RdwVersion.VALUE, null, Map.of()));
    }

    private Map<String, String> tags(ObjectRef ref, Instant now, String sha256, UUID eventId, PutOptions options,
                                     String contentType) {
        Map<String, String> tags = new LinkedHashMap<>(options.metadata);
        tags.put(Tags.EVENT_ID, eventId.toString());
        tags.put(Tags.USER, Names.ascii(config.user()));
        tags.put(Tags.CREATED, now.toString());
        tags.put(Tags.SHA256, sha256);
        tags.put(Tags.VERSION, RdwVersion.VALUE);
        tags.put(Tags.LAYER, ref.layer().id());
        tags.put(Tags.CONTENT_TYPE, contentType);
        if (options.sourceFile != null) {
            tags.put(Tags.SOURCE_FILE, Names.ascii(options.sourceFile));
        }
        if (options.lineage != null) {
            tags.put(Tags.SOURCE_OBJECT, options.lineage.source().toString());
            if (options.lineage.sourceSha256() != null) {
                tags.put(Tags.SOURCE_SHA256, options.lineage.sourceSha256());
            }
            if (options.lineage.pipeline() != null) {
                tags.put(Tags.PIPELINE, options.lineage.pipeline());
            }
            if (options.lineage.specHash() != null) {
                tags.put(Tags.PIPELINE_SPEC, options.lineage.specHash());
            }
        }
        return tags;
    }

    static String contentType(String key) {
        int dot = key.lastIndexOf('.');
        String ext = dot < 0 ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "csv" -> "text/csv";
            case "txt" -> "text/plain";
            case "json" -> "application/json";
            case "ndjson", "jsonl" -> "application/x-ndjson";
            case "parquet" -> "application/vnd.apache.parquet";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            default -> "application/octet-stream";
        };
    }
}
