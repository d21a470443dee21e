package io.redback.rdw.etl.contracts;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.SqlWorkspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Contracts on one warehouse: datasets are read by its query engine (the embedded engine, or Dremio), which runs
 * every check's SQL through the SELECT-only guard. Get one from {@link Contracts#on(WarehouseClient)}.
 */
public final class WarehouseContracts {
    private final WarehouseClient client;

    WarehouseContracts(WarehouseClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * Checks a dataset against the contract's object named after it (or its only object).
     *
     * @throws io.redback.rdw.NotFoundException     if there is no such dataset
     * @throws io.redback.rdw.InvalidInputException if the contract has several objects and none is named after it
     */
    public ContractReport check(ObjectRef dataset, Contract contract) {
        return check(dataset, contract, null);
    }

    /** Checks a dataset against the contract's object {@code objectName}. */
    public ContractReport check(ObjectRef dataset, Contract contract, String objectName) {
        ContractObject object = contract.objectFor(objectName, name(dataset));
        return ContractChecker.check(contract, object, CheckTarget.engine(client, relation(dataset)), dataset.toString());
    }

    /**
     * A first contract for a dataset, as ODCS v3.1.0 YAML: each column with its logical and physical type,
     * {@code required} where no nulls were seen, {@code unique} where no duplicates were, the range of numbers and
     * dates, and the valid values of columns with few distinct values. A starting point to edit, valid as it is.
     */
    public String infer(ObjectRef dataset) {
        return ContractInference.infer(CheckTarget.engine(client, relation(dataset)), name(dataset), dataset.toString());
    }

    /**
     * Checks a table of a {@link SqlWorkspace} (a pipeline's output, before it is written) on that workspace's engine;
     * the contract's SQL checks pass the client's SELECT-only guard first.
     *
     * @param objectName the contract's object to check, or null for its only one (or the one named after {@code dataset})
     * @param dataset    what the table will be, for the report: {@code silver:project1/2025/rides_processed.parquet}
     */
    public ContractReport checkTable(SqlWorkspace workspace, String table, Contract contract, String objectName,
                                     String dataset) {
        ContractObject object = contract.objectFor(objectName, dataset.substring(dataset.lastIndexOf('/') + 1));
        return ContractChecker.check(contract, object, CheckTarget.workspace(workspace, table, client), dataset);
    }

    /** The dataset's last name: the file, or the folder of a folder of objects. */
    private static String name(ObjectRef dataset) {
        String key = strip(dataset.key());
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The dataset as the query engine names it: the layer's bucket, then the key's segments. */
    private String relation(ObjectRef dataset) {
        List<String> path = new ArrayList<>();
        path.add(client.config().bucket(dataset.layer()));
        path.addAll(List.of(strip(dataset.key()).split("/")));
        return String.join(".", path.stream().map(s -> '"' + s.replace("\"", "\"\"") + '"').toList());
    }

    private static String strip(String key) {
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    }
}
