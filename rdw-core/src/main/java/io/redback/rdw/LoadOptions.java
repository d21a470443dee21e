package io.redback.rdw;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The rarer choices of {@link Documents#load}: batch size, a progress callback, where to resume.
 * <pre>{@code
 * docs.load(Path.of("notes.ndjson"), o -> o.batchSize(500).progress(p -> System.out.println(p.done() + " loaded")));
 * }</pre>
 */
public final class LoadOptions {
    /** Documents per batch when none is given: large enough to be fast, small enough to lose little on a failure. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    private int batchSize = DEFAULT_BATCH_SIZE;
    private ProgressListener progress = ProgressListener.NONE;
    private long fromLine = 1;

    private LoadOptions() {
    }

    /** The defaults as {@code choices} changes them: how an implementation of {@link Documents#load} reads them. */
    public static LoadOptions of(Consumer<? super LoadOptions> choices) {
        LoadOptions o = new LoadOptions();
        choices.accept(o);
        return o;
    }

    /** Documents stored (and recorded in provenance) together, 1 to 100,000. */
    public LoadOptions batchSize(int documents) {
        if (documents < 1 || documents > 100_000) {
            throw new InvalidInputException("batch size must be from 1 to 100000, not " + documents);
        }
        this.batchSize = documents;
        return this;
    }

    /**
     * Told after every batch how many documents are stored so far ({@link Progress.Unit#DOCUMENTS}; the total is not
     * known, so it is -1).
     */
    public LoadOptions progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Skips the documents that start before this line (1-based): to resume a load that stopped at a bad line, once
     * the line is fixed, without storing the earlier documents twice.
     */
    public LoadOptions fromLine(long line) {
        if (line < 1) {
            throw new InvalidInputException("the line to start from is 1 or more, not " + line);
        }
        this.fromLine = line;
        return this;
    }

    public int batchSize() {
        return batchSize;
    }

    public ProgressListener progress() {
        return progress;
    }

    public long fromLine() {
        return fromLine;
    }

    @Override
    public String toString() {
        return "LoadOptions[batchSize=" + batchSize + ", fromLine=" + fromLine + "]";
    }
}
