package io.redback.rdw.examples;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipeline;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.etl.Step;
import io.redback.rdw.etl.WarehousePipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Pipelines on the warehouse: the ML prep preset, a pipeline of your own steps, the same pipeline from the upload
 * service's YAML layout, and the SQL that would run it on Dremio.
 *
 * <p>Run: {@code java -cp ... io.redback.rdw.examples.PipelineExample [WAREHOUSE_DIR]}
 */
public final class PipelineExample {
    private PipelineExample() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("rdw-example-");
        Path csv = Files.writeString(Files.createTempFile("rides", ".csv"), """
                ride_id,device_type,speed_km_h,heart_rate_bpm,notes
                1,garmin,12.5,120,first
                2,wahoo,30.0,n/a,
                3,garmin,,131,
                4,,21.0,99,late
                """);
        Path yaml = Files.writeString(Files.createTempFile("config", ".yaml"), """
                tabular:
                  preprocessing:
                    cleaning:
                      drop_columns: [notes]
                      fillna: {speed_km_h: median, device_type: unknown}
                    validation:
                      dtype_conversion: {heart_rate_bpm: int}
                """);

        try (WarehouseClient dw = WarehouseClient.builder().warehouse(folder).build()) {
            String rawKey = dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_rides")).key();
            WarehousePipelines pipelines = Pipelines.on(dw);

            PipelineResult ml = pipelines.mlPrep(rawKey);
            System.out.println("ml prep: " + ml.silverObject().map(ObjectInfo::key).orElseThrow() + " " + ml.stats());

            Pipeline mine = Pipeline.of("rides",
                    new Step.DropColumns(List.of("notes")),
                    new Step.FillNa(Map.of("speed_km_h", "median", "device_type", "unknown")),
                    new Step.ConvertTypes(Map.of("heart_rate_bpm", "int"), Step.ConvertTypes.OnBadValue.NULL),
                    new Step.Normalize(List.of("speed_km_h")));
            PipelineResult run = pipelines.run(mine, rawKey, o -> o.outputKey("project1/2025/t1_rides/rides_normalised.parquet"));
            System.out.println("own steps: " + run.rowsOut() + " rows, columns " + run.columns()
                    + ", warnings " + run.warnings());

            Pipeline fromYaml = Pipeline.fromYaml(yaml);
            System.out.println("from yaml: " + fromYaml.describe());
            System.out.println("as Dremio SQL:\n" + pipelines.sql(fromYaml, rawKey));
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(yaml);
        }
    }
}
