package io.redback.rdw;

import java.time.Duration;

/**
 * What a bulk load stored.
 *
 * @param source     the file or object loaded
 * @param collection the collection written to
 * @param documents  documents stored
 * @param batches    batches stored, each recorded as one provenance event
 * @param lines      lines read
 * @param elapsed    how long it took
 */
public record LoadReport(String source, String collection, long documents, int batches, long lines, Duration elapsed) {
    @Override
    public String toString() {
        return "loaded " + documents + " document" + (documents == 1 ? "" : "s") + " from " + source + " into "
                + collection + " in " + batches + " batch" + (batches == 1 ? "" : "es") + " (" + lines + " lines, "
                + String.format(java.util.Locale.ROOT, "%.1f", elapsed.toMillis() / 1000.0) + " s)";
    }
}
