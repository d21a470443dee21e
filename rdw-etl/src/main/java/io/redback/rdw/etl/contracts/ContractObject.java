package io.redback.rdw.etl.contracts;

import java.util.List;

/**
 * One object of a contract's {@code schema} (a table, a dataset): its checks in the order they are reported, the key
 * columns that name a failing row, and what rdw does not run (text and custom checks, nested properties).
 */
record ContractObject(String name, String physicalName, List<String> columns, List<String> keyColumns,
                      List<CheckSpec> checks, List<String> notRun) {
    ContractObject {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        checks = List.copyOf(checks);
        notRun = List.copyOf(notRun);
    }

    /** Whether a dataset's name (a file's stem, say) is this object's. */
    boolean answersTo(String datasetName) {
        return datasetName.equalsIgnoreCase(name) || (physicalName != null && datasetName.equalsIgnoreCase(physicalName));
    }
}
