package io.redback.rdw.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class QuickstartExampleTest {
    @TempDir
    Path dir;

    @Test
    void runsTheQuickstartThroughTheJavaApi() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickstartExample.main(new String[]{dir.resolve("wh").toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("bronze: bronze:project1/\\d{4}/t1_rides/rides\\d*_\\d{8}T\\d{9}Z\\.csv");
        assertThat(out).contains("3 rows, columns {ride_id=BIGINT, device_type=VARCHAR, speed_km_h=DOUBLE, heart_rate=BIGINT,");
        assertThat(out).contains("garmin: 2 rides, 16.75 km/h", "wahoo: 1 rides, 30.00 km/h");
        assertThat(out).containsPattern("provenance: object:derived silver:project1/.*_processed\\.parquet sha256=[0-9a-f]{64}");
        assertThat(out).containsPattern("provenance: file:uploaded bronze:project1/.*\\.csv sha256=[0-9a-f]{64}");
        assertThat(dir.resolve("wh").resolve(".rdw").resolve("provenance.jsonl")).isNotEmptyFile();
    }
}
