package io.redback.rdw.tables;

import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;

/**
 * Versioned tables: silver and gold datasets as Apache Iceberg tables whose data files are Parquet objects of the
 * layer's bucket, written and read through rdw's object-store SPI (so the same table works on the warehouse folder
 * and on MinIO), with snapshots, branches, tags, time travel and rollback.
 *
 * <pre>{@code
 * VersionedTable rides = Tables.on(dw).create(Layer.SILVER, "project1.rides", Path.of("rides.parquet"));
 * VersionedTable dev = rides.createBranch("dev");
 * dev.append(Path.of("more.parquet"));
 * rides.read(TableVersion.current());         // main: the first file's rows
 * rides.merge("dev");                          // main now has both
 * rides.createTag("v1");
 * rides.rollback(rides.history().get(1).id());
 * rides.read(TableVersion.ref("v1"));
 * }</pre>
 */
public final class Tables {
    private Tables() {
    }

    public static WarehouseTables on(WarehouseClient client) {
        return new WarehouseTables(client);
    }

    /** The tables of the default warehouse ({@link Warehouse#client()}). */
    public static WarehouseTables on() {
        return on(Warehouse.client());
    }
}
