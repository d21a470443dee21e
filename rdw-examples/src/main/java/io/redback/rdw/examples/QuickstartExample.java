package io.redback.rdw.examples;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.QueryResult;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quickstart through the Java API, as an application would do it: upload a messy CSV to bronze, clean it into
 * silver, query the silver object, read the provenance record.
 *
 * <p>Run: {@code java -cp ... io.redback.rdw.examples.QuickstartExample [WAREHOUSE_DIR]}
 */
public final class QuickstartExample {
    private QuickstartExample() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("rdw-example-");
        Path csv = Files.writeString(Files.createTempFile("rides", ".csv"), """
                Ride ID,Device Type,Speed km/h,Heart Rate,Empty
                1,garmin,12.5,120,
                2,wahoo,30.0,NA,
                2,wahoo,30.0,NA,
                3,garmin,21.0,131,
                4,,,,
                """);

        // One client per application: it is thread-safe and holds the warehouse's backends.
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(folder).build()) {
            ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_rides"));
            System.out.println("bronze: " + raw);

            PipelineResult clean = Pipelines.on(dw).clean(raw.key());
            ObjectInfo silver = clean.silverObject().orElseThrow();
            System.out.println("silver: " + silver + ", " + clean.rowsOut() + " rows, columns " + clean.columns());

            try (QueryResult result = dw.query("SELECT device_type, count(*) AS rides, avg(speed_km_h) AS avg_speed "
                    + "FROM " + silver.sqlPath() + " GROUP BY device_type ORDER BY device_type")) {
                for (Row row : result) {
                    System.out.printf("%s: %d rides, %.2f km/h%n", row.getString("device_type"), row.getLong("rides"),
                            row.getDouble("avg_speed"));
                }
            }

            for (ProvenanceEvent e : dw.provenance(ProvenanceQuery.all().keyPrefix("project1/"))) {
                System.out.println("provenance: " + e.eventType() + " " + e.layer().id() + ":" + e.objectKey()
                        + " sha256=" + e.sha256());
            }
        } finally {
            Files.deleteIfExists(csv);
        }
    }
}
