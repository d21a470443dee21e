package io.redback.rdw.etl;

import io.redback.rdw.ProgressListener;
import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.etl.contracts.ContractFailedException;

import java.util.Objects;

/**
 * The rarer choices of a run: {@code o -> o.sheet("Rides").outputKey("p/2025/rides.parquet").overwrite()}.
 */
public final class RunOptions {
    String sheet;
    String outputKey;
    boolean overwrite;
    ProgressListener progress = ProgressListener.NONE;
    boolean profile;
    Contract contract;
    String contractObject;
    /** What the output will be called, for the contract's report: {@code silver:<key>} on the warehouse. */
    String contractDataset;

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

    /**
     * Times the statement and the write apart in {@link PipelineResult#phases()}: the result is first stored in the
     * work database, then written, which costs a little more time and memory than writing it as it is computed.
     */
    public RunOptions profile() {
        this.profile = true;
        return this;
    }

    /**
     * Checks the output against a data contract before anything is written: when a check whose severity is
     * {@code error} fails, the run writes nothing and throws {@link ContractFailedException} with the report (on the
     * warehouse, a {@code contract:failed} provenance event is recorded on the input). A pass is recorded in the
     * output's lineage. The contract's only object, or the one named after the output, is checked.
     */
    public RunOptions contract(Contract value) {
        return contract(value, null);
    }

    /** Checks the output against the contract's object {@code objectName}; see {@link #contract(Contract)}. */
    public RunOptions contract(Contract value, String objectName) {
        this.contract = Objects.requireNonNull(value, "contract");
        this.contractObject = objectName;
        return this;
    }

    /**
     * Told how far the run is (reading, the steps, writing), in {@link io.redback.rdw.Progress.Unit#PERCENT PERCENT}
     * of 100, from time to time and never going back, for a progress display:
     * {@code o.progress(p -> System.out.printf("%.0f%%%n", p.percent()))}.
     */
    public RunOptions progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }
}
