package io.redback.rdw.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineExampleTest {
    @TempDir
    Path dir;

    @Test
    void runsPresetOwnAndYamlPipelinesOnTheWarehouse() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            PipelineExample.main(new String[]{dir.resolve("wh").toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        // median of 12.5, 30.0, 21.0 is 21.0; ride_id is an identifier and is left alone
        assertThat(out).containsPattern("ml prep: project1/\\d{4}/t1_rides/rides\\d*_\\d{8}T\\d{9}Z_prepared\\.parquet "
                + "\\{ml_prep=\\{speed_km_h=\\{median=21\\.0, ");
        assertThat(out).doesNotContain("ride_id={median");
        assertThat(out).contains("own steps: 4 rows, columns {ride_id=BIGINT, device_type=VARCHAR, speed_km_h=DOUBLE, "
                + "heart_rate_bpm=BIGINT}");
        assertThat(out).contains("from yaml: [{step=drop_columns, columns=[notes]}, {step=fillna");
        assertThat(out).contains("as Dremio SQL:\nWITH s0 AS (", "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY \"speed_km_h\")",
                "FROM \"dw-bucket-bronze\".\"project1\".");
        assertThat(dir.resolve("wh").resolve("dw-bucket-silver").resolve("project1").resolve("2025")
                .resolve("t1_rides").resolve("rides_normalised.parquet")).isNotEmptyFile();
    }
}
