package io.redback.rdw.etl.contracts;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;

/**
 * Data contracts: a dataset checked against an ODCS {@link Contract} on the engine that holds it, and a first
 * contract inferred from a dataset. Each check is compiled to SQL; all of a contract's counts are answered by one
 * query over the data, so a gigabyte of Parquet is checked without loading it into the JVM.
 *
 * <pre>{@code
 * Contract contract = Contract.read(Path.of("rides.odcs.yaml"));
 * ContractReport report = Contracts.check(ObjectRef.parse("silver:project1/2025/rides_processed.parquet"), contract);
 * if (!report.valid()) System.out.println(report);                  // the failing checks, their rows named
 * String draft = Contracts.infer(ObjectRef.parse("silver:project1/2025/rides_processed.parquet"));
 * }</pre>
 * A pipeline checks its output before it writes it: {@code Pipelines.on(dw).clean(key, o -> o.contract(contract))}.
 */
public final class Contracts {
    private Contracts() {
    }

    /** Contracts on a given warehouse. */
    public static WarehouseContracts on(WarehouseClient client) {
        return new WarehouseContracts(client);
    }

    /** Checks a dataset (an object, or a folder of Parquet objects) of the default warehouse. */
    public static ContractReport check(ObjectRef dataset, Contract contract) {
        return on(Warehouse.client()).check(dataset, contract);
    }

    /** A first contract (ODCS v3.1.0 YAML) for a dataset of the default warehouse, to edit. */
    public static String infer(ObjectRef dataset) {
        return on(Warehouse.client()).infer(dataset);
    }
}
