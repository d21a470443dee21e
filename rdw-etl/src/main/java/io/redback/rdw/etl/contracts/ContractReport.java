package io.redback.rdw.etl.contracts;

import java.time.Duration;
import java.util.List;

/**
 * What checking a dataset against a contract found: every check's result, in the contract's order (the checks its
 * schema implies first for each property), and what was not run. Displays as a table in JShell and notebooks.
 *
 * @param contractId      the contract's {@code id}
 * @param contractVersion the contract's {@code version}
 * @param contractSha256  the SHA-256 of the contract's text
 * @param dataset         what was checked: {@code silver:project1/2025/rides_processed.parquet}
 * @param object          the contract's schema object it was checked against
 * @param engine          what ran the checks
 * @param checks          one result per check
 * @param notRun          text and custom checks, and nested properties, which rdw does not run
 * @param passes          how many queries read the data: one for every count, plus one per composite key, SQL check
 *                        and failure's samples
 * @param took            how long checking took
 */
public record ContractReport(String contractId, String contractVersion, String contractSha256, String dataset,
                             String object, String engine, List<CheckResult> checks, List<String> notRun, int passes,
                             Duration took) {

    public ContractReport {
        checks = List.copyOf(checks);
        notRun = List.copyOf(notRun);
    }

    /** Whether the dataset keeps the contract: no check failed or could not run (warnings do not count). */
    public boolean valid() {
        return checks.stream().noneMatch(CheckResult::blocks);
    }

    /** The checks that failed or could not run. */
    public List<CheckResult> failures() {
        return checks.stream().filter(CheckResult::blocks).toList();
    }

    /** How many checks came out {@code result}. */
    public long count(CheckResult.Result result) {
        return checks.stream().filter(c -> c.result() == result).count();
    }

    /**
     * {@code {"valid": bool, "contract": {...}, "dataset", "checks": [{"id", "name", "object", "property", "metric",
     * "result", "value", "threshold", "severity", "message", "failedSamples"}]}}.
     */
    public String toJson() {
        return ReportFormats.json(this);
    }

    /** A JUnit XML test suite (one test case per check) for CI dashboards. */
    public String toJunitXml() {
        return ReportFormats.junit(this);
    }

    /** A table for a terminal, every check, failing rows under their check; with {@code colour}, ANSI colours. */
    public String toTable(boolean colour) {
        return ReportFormats.table(this, colour, false);
    }

    /** The table of {@link #toTable} with only the checks that did not pass (and how many did). */
    public String problemsTable(boolean colour) {
        return ReportFormats.table(this, colour, true);
    }

    /** An HTML table, passed in green and failed in red, samples inline: how a notebook shows it. */
    public String toHtml() {
        return ReportFormats.html(this);
    }

    /** One line: {@code contract rides 1.0.0 on silver:...: 11 passed, 1 failed}. */
    public String summary() {
        StringBuilder b = new StringBuilder("contract " + contractId + " " + contractVersion + " on " + dataset + ": ");
        String sep = "";
        for (CheckResult.Result r : CheckResult.Result.values()) {
            long n = count(r);
            if (n > 0) {
                b.append(sep).append(n).append(' ').append(r.label());
                sep = ", ";
            }
        }
        return b.append(checks.isEmpty() ? "no checks" : "").toString();
    }

    @Override
    public String toString() {
        return toTable(false);
    }
}
