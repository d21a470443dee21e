package io.redback.rdw.etl;

import java.util.function.DoubleConsumer;

/**
 * The rarer choices of a run: {@code o -> o.sheet("Rides").outputKey("p/2025/rides.parquet").overwrite()}.
 */
public final class RunOptions {
    String sheet;
    String outputKey;
    boolean overwrite;
    DoubleConsumer progress = p -> { };

    RunOptions() {
    }

    /** The XLSX sheet to read (default: the first). */
    public RunOptions sheet(String name) {
        this.sheet = name;
        return this;
    }

    /** The silver key to write (default: the bronze key with {@code _processed.parquet}, or {@code _prepared.parquet}). */
    public RunOptions outputKey(String key) {
        this.outputKey = key;
        return this;
    }

    /** Replace an existing output (a local file, or a silver object made from other input or another pipeline). */
    public RunOptions overwrite() {
        this.overwrite = true;
        return this;
    }

    /** Told the share of the work done (0 to 100) from time to time, for a progress display. */
    public RunOptions progress(DoubleConsumer percent) {
        this.progress = percent;
        return this;
    }
}
