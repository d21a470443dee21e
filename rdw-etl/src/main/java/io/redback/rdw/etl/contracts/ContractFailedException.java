package io.redback.rdw.etl.contracts;

import io.redback.rdw.RdwException;

/**
 * A dataset broke its data contract: a pipeline that had the contract wrote nothing. The report names every failing
 * check and up to five of its rows; {@code rdw} exits with 8.
 */
public class ContractFailedException extends RdwException {
    private static final long serialVersionUID = 1L;
    private final transient ContractReport report;

    public ContractFailedException(String what, ContractReport report) {
        super(what + " breaks contract " + report.contractId() + " " + report.contractVersion() + ": "
                + report.failures().size() + (report.failures().size() == 1 ? " check" : " checks") + " failed ("
                + String.join(", ", report.failures().stream().map(CheckResult::id).limit(5).toList())
                + (report.failures().size() > 5 ? ", ..." : "") + "); nothing was written");
        this.report = report;
    }

    /** Every check's result, the failing rows named. */
    public ContractReport report() {
        return report;
    }
}
