package io.redback.rdw.etl;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;

import java.nio.file.Path;
import java.util.Map;

/** An embedded warehouse in a test's folder, its SQL runtime's settings fixed so the environment cannot change them. */
public final class TestWarehouse {
    private TestWarehouse() {
    }

    /** @param threads the runtime's threads, or {@code null} for the default */
    public static WarehouseClient open(Path folder, String memoryLimit, String threads) {
        RdwConfig.Builder b = RdwConfig.builder().noFile().environment(Map.of()).warehouse(folder)
                .set("rdw.embedded.memory-limit", memoryLimit);
        if (threads != null) {
            b.set("rdw.embedded.threads", threads);
        }
        return WarehouseClient.builder().config(b.build()).build();
    }
}
