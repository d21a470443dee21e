package io.redback.rdw;

import io.redback.rdw.helpers.Names;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The rarer choices of {@link Bucket#put}: pass a lambda, {@code bucket.put(key, file, o -> o.overwrite())}.
 */
public final class PutOptions {
    private static final Pattern META_KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    boolean overwrite;
    String contentType;
    String sourceFile;
    ProvenanceEvent.Lineage lineage;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, Object> eventMetadata = new LinkedHashMap<>();
    ProgressListener progress = ProgressListener.NONE;
    String companionKey;
    java.nio.file.Path companionFile;

    PutOptions() {
    }

    /** Replace the object if it exists (never allowed in bronze). */
    public PutOptions overwrite() {
        this.overwrite = true;
        return this;
    }

    public PutOptions contentType(String mimeType) {
        this.contentType = Objects.requireNonNull(mimeType);
        return this;
    }

    /** The name of the local file the content came from, recorded in provenance. */
    public PutOptions sourceFile(String fileName) {
        this.sourceFile = fileName;
        return this;
    }

    /** Marks the content as derived: recorded as lineage on the object and in its provenance event. */
    public PutOptions derivedFrom(ObjectRef source, String sourceSha256, String pipeline, String specHash) {
        this.lineage = new ProvenanceEvent.Lineage(Objects.requireNonNull(source), sourceSha256, pipeline, specHash);
        return this;
    }

    /** An extra metadata entry stored on the object; keys are lower-case letters, digits and '-'. */
    public PutOptions metadata(String key, String value) {
        if (key == null || !META_KEY.matcher(key).matches() || key.startsWith("rdw-")) {
            throw new InvalidInputException("metadata key " + Names.printable(key)
                    + " is not allowed: use lower-case letters, digits and '-', not starting with 'rdw-'");
        }
        metadata.put(key, Names.ascii(Objects.requireNonNull(value)));
        return this;
    }

    /** Told how many bytes the store has read so far, from time to time (for a progress display). */
    public PutOptions progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener);
        return this;
    }

    /**
     * Stores a small file that belongs to this object (a pipeline's statistics, say) under {@code key} in the same
     * bucket, just before the object, tagged the same way. The two are one write and one provenance event; if the
     * object cannot be stored, neither is.
     */
    public PutOptions companion(String key, java.nio.file.Path file) {
        this.companionKey = Objects.requireNonNull(key);
        this.companionFile = Objects.requireNonNull(file);
        return this;
    }

    /** An extra field for the provenance event's {@code custom_metadata}. */
    public PutOptions eventMetadata(String key, Object value) {
        eventMetadata.put(Objects.requireNonNull(key), value);
        return this;
    }
}
