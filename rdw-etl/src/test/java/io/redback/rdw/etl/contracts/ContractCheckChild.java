package io.redback.rdw.etl.contracts;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks a dataset against a contract in a JVM of its own, for {@link ContractMemoryTest}: args are the warehouse
 * folder, the dataset ({@code silver:key}), the contract file and the SQL engine's memory limit. Prints each check as
 * {@code CHECK id value result}, then {@code HEAP} and the peak heap used in bytes.
 */
public final class ContractCheckChild {
    private ContractCheckChild() {
    }

    public static void main(String[] args) {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(Path.of(args[0]))
                .set("rdw.embedded.memory-limit", args[3]).set("rdw.embedded.threads", "1").build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            ContractReport r = Contracts.on(dw).check(ObjectRef.parse(args[1]), Contract.read(Path.of(args[2])));
            r.checks().forEach(c -> System.out.println("CHECK " + c.id() + " " + c.value() + " " + c.result().label()));
            System.out.println("PASSES " + r.passes());
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("HEAP " + peak);
    }
}
