package io.redback.rdw.etl;

/** The rarer choices of a clean run on the warehouse: {@code o -> o.outputKey("p/2025/rides.parquet").overwrite()}. */
public final class CleanOptions {
    String outputKey;
    boolean overwrite;

    CleanOptions() {
    }

    /** The silver key to write (default: the bronze key with {@code _processed.parquet} instead of its extension). */
    public CleanOptions outputKey(String key) {
        this.outputKey = key;
        return this;
    }

    /** Replace a silver object that was produced from other input or by another version of the pipeline. */
    public CleanOptions overwrite() {
        this.overwrite = true;
        return this;
    }
}
