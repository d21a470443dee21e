package io.redback.rdw.etl;

import io.redback.rdw.ObjectInfo;
import io.redback.rdw.etl.contracts.ContractReport;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a pipeline run did.
 *
 * @param pipeline       the pipeline's name
 * @param input          the file or object read
 * @param output         the file or object written
 * @param rowsIn         data rows read
 * @param rowsOut        rows written
 * @param columns        output columns and their SQL types, in order
 * @param droppedColumns input columns a clean-up dropped because every value was empty
 * @param stats          what the steps computed, to apply the same transformation to new data: medians, means,
 *                       standard deviations, encodings, fill values, conversion reports
 * @param warnings       what a user should know (a constant column left unscaled, values turned to null, ...)
 * @param elapsed        wall time of the run
 * @param silver         the silver object, for runs on the warehouse
 * @param outcome        whether the run wrote its output, or found it already there and wrote nothing
 * @param phases         where the time went, in the order the phases ran: the read step by step ({@code read: ...}),
 *                       each statistic a step computed ({@code ml_prep: medians}, ...), then the statement and the
 *                       write, as one phase unless the run was {@link RunOptions#profile() profiled}
 * @param contractReport what checking the output against {@link RunOptions#contract its contract} found, for a run
 *                       that had one; null otherwise
 */
public record PipelineResult(String pipeline, String input, String output, long rowsIn, long rowsOut,
                             Map<String, String> columns, List<String> droppedColumns, Map<String, Object> stats,
                             List<String> warnings, Duration elapsed, ObjectInfo silver, Outcome outcome,
                             Map<String, Duration> phases, ContractReport contractReport) {

    /** What a run did with its output. */
    public enum Outcome {
        /** The output was written. */
        WRITTEN,
        /** The silver object already held this exact result (same source content, same pipeline): nothing was written. */
        REUSED
    }

    public PipelineResult {
        java.util.Objects.requireNonNull(outcome, "outcome");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        droppedColumns = List.copyOf(droppedColumns);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        warnings = List.copyOf(warnings);
        phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** Whether the silver object already held this exact result and nothing was written. */
    public boolean reused() {
        return outcome == Outcome.REUSED;
    }

    /** What the output's check against the run's contract found; empty for a run without a contract. */
    public Optional<ContractReport> contract() {
        return Optional.ofNullable(contractReport);
    }

    public Optional<ObjectInfo> silverObject() {
        return Optional.ofNullable(silver);
    }

    PipelineResult withSilver(ObjectInfo object, Duration total) {
        return new PipelineResult(pipeline, input, object.ref().toString(), rowsIn, rowsOut, columns, droppedColumns, stats,
                warnings, total, object, Outcome.WRITTEN, phases, contractReport);
    }

    /** The phases as a small table: each phase's milliseconds and share of the run, then the rest and the total. */
    public String profile() {
        long total = Math.max(1, elapsed.toNanos());
        StringBuilder out = new StringBuilder();
        long accounted = 0;
        for (Map.Entry<String, Duration> e : phases.entrySet()) {
            long n = e.getValue().toNanos();
            accounted += n;
            out.append(String.format(Locale.ROOT, "%8d ms %5.1f%%  %s%n", n / 1_000_000, 100.0 * n / total, e.getKey()));
        }
        long rest = Math.max(0, total - accounted);
        out.append(String.format(Locale.ROOT, "%8d ms %5.1f%%  (the rest: planning, opening the engine)%n",
                rest / 1_000_000, 100.0 * rest / total));
        return out.append(String.format(Locale.ROOT, "%8d ms          in all%n", total / 1_000_000)).toString();
    }

    @Override
    public String toString() {
        return pipeline + ": " + input + " -> " + output + ": " + (reused() ? "already up to date"
                : rowsIn + " rows in, " + rowsOut + " out, " + columns.size() + " columns"
                + (droppedColumns.isEmpty() ? "" : " (dropped empty " + droppedColumns + ")")) + " in "
                + elapsed.toMillis() + " ms" + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings));
    }
}
