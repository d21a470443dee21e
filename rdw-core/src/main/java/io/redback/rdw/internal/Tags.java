package io.redback.rdw.internal;

/**
 * Names of the provenance metadata rdw stores on every object it writes. Lower case with dashes, so they
 * survive as S3 user metadata ({@code x-amz-meta-rdw-sha256}) unchanged.
 */
public final class Tags {
    public static final String USER = "rdw-user";
    public static final String CREATED = "rdw-created";
    public static final String SOURCE_FILE = "rdw-source-file";
    public static final String SHA256 = "rdw-sha256";
    public static final String VERSION = "rdw-version";
    public static final String LAYER = "rdw-layer";
    public static final String PIPELINE = "rdw-pipeline";
    public static final String PIPELINE_SPEC = "rdw-pipeline-spec";
    public static final String SOURCE_OBJECT = "rdw-source-object";
    public static final String SOURCE_SHA256 = "rdw-source-sha256";
    /** The id of the provenance event that recorded the write. */
    public static final String EVENT_ID = "rdw-event-id";
    /** On an object in quarantine: what the scanner found, and where the refused write was headed. */
    public static final String SIGNATURE = "rdw-signature";
    public static final String REFUSED_TARGET = "rdw-refused-target";
    public static final String CONTENT_TYPE = "content-type";

    private Tags() {
    }
}
