package io.redback.rdw;

import java.util.Objects;

/**
 * What a scan ({@link WarehouseClient#scan(java.nio.file.Path)} and its siblings) found in one file or object.
 *
 * @param target  what was scanned: a file's path or an object's {@code layer/key}
 * @param outcome clean, infected, or skipped (the scanner let it through without scanning it)
 * @param detail  the signature found when infected (or the scanner's message when it named none), why it was
 *                skipped when skipped, empty when clean
 */
public record ScanReport(String target, Outcome outcome, String detail) {
    /** What a scan of one target concluded. */
    public enum Outcome {
        /** Every configured scanner scanned it and found nothing. */
        CLEAN,
        /** A scanner refused it: it found a signature. */
        INFECTED,
        /** A scanner could not scan it (unreachable and configured to fail open, too large): nothing is known. */
        SKIPPED
    }

    public ScanReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }

    /** Whether a scanner found something. */
    public boolean infected() {
        return outcome == Outcome.INFECTED;
    }
}
