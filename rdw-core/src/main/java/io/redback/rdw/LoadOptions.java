package io.redback.rdw;

import java.util.function.LongConsumer;

/**
 * The rarer choices of {@link Documents#load}: batch size, a progress callback, where to resume.
 * <pre>{@code
 * docs.load(Path.of("notes.ndjson"), o -> o.batchSize(500).progress(n -> System.out.println(n + " loaded")));
 * }</pre>
 */
public final class LoadOptions {
    /** Documents per batch when none is given: large enough to be fast, small enough to lose little on a failure. */
    public static final int DEFAULT_BATCH_SIZE = 1000;

    int batchSize = DEFAULT_BATCH_SIZE;
    LongConsumer progress = n -> { };
    long fromLine = 1;

    LoadOptions() {
    }

    /** Documents stored (and recorded in provenance) together, 1 to 100,000. */
    public LoadOptions batchSize(int documents) {
        if (documents < 1 || documents > 100_000) {
            throw new InvalidInputException("batch size must be from 1 to 100000, not " + documents);
        }
        this.batchSize = documents;
        return this;
    }

    /** Told the number of documents stored so far after every batch. */
    public LoadOptions progress(LongConsumer documentsStored) {
        this.progress = java.util.Objects.requireNonNull(documentsStored);
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
}
