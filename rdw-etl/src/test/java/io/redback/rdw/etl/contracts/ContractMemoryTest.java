package io.redback.rdw.etl.contracts;

import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.TestWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million rows checked in a JVM of 48 MB of heap, with the engine held to 128 MB: the data never passes through
 * the JVM, so its size does not matter to it.
 */
class ContractMemoryTest {
    private static final long ROWS = 1_000_000;

    @TempDir
    Path dir;

    /**
     * i = 0 .. 999,999. id = i: unique. pair = i / 2: 500,000 duplicates. device: null when i % 10 = 0 (100,000),
     * else 'd' || i % 7; 'd6' (i % 7 = 6, 142,857 values of i) is outside d0..d5, less the 14,286 of those where
     * i % 10 = 0 (i = 20 + 70k), so 128,571 invalid. speed = (i % 1000) / 10: above 99 for i % 1000 in 991..999,
     * 9 in every 1,000, so 9,000.
     */
    private static final String DATA = "SELECT i AS id, i // 2 AS pair, CASE WHEN i % 10 = 0 THEN NULL ELSE 'd' || (i % 7) END "
            + "AS device, (i % 1000) / 10.0 AS speed FROM range(" + ROWS + ") t(i)";

    private static final String CONTRACT = """
            apiVersion: v3.1.0
            kind: DataContract
            id: big
            version: 1.0.0
            status: active
            schema:
              - name: big
                properties:
                  - {name: id, logicalType: integer, unique: true, required: true}
                  - {name: pair, logicalType: integer, unique: true}
                  - name: device
                    logicalType: string
                    quality:
                      - {id: nulls, metric: nullValues, mustBe: 0}
                      - {id: devices, metric: invalidValues, arguments: {validValues: [d0, d1, d2, d3, d4, d5]}, mustBe: 0}
                      - {id: pattern, metric: invalidValues, arguments: {pattern: '^d[0-6]$'}, mustBe: 0}
                  - {name: speed, logicalType: number, logicalTypeOptions: {minimum: 0, maximum: 99}}
                quality:
                  - {id: rows, metric: rowCount, mustBe: 1000000}
                  - {id: pairs, metric: duplicateValues, arguments: {properties: [pair, device]}, mustBe: 0}
            """;

    @Test
    void aMillionRowsAreCheckedInASmallHeap() throws Exception {
        Path warehouse = dir.resolve("wh");
        try (WarehouseClient dw = TestWarehouse.open(warehouse, "256MB", null)) {
            ContractData.silver(dw, dir, "p/2025/t1_big/big.parquet", DATA);
        }
        Path contract = Files.writeString(dir.resolve("big.yaml"), CONTRACT);
        List<String> out = child(warehouse, "silver:p/2025/t1_big/big.parquet", contract);
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out) {
            if (line.startsWith("CHECK ")) {
                String[] f = line.split(" ");
                values.put(f[1], f[2] + " " + f[3]);
            }
        }
        assertThat(values).as(String.join("\n", out))
                .containsEntry("big.id.unique", "0 passed").containsEntry("big.id.required", "0 passed")
                .containsEntry("big.pair.unique", "500000 failed").containsEntry("nulls", "100000 failed")
                .containsEntry("devices", "128571 failed").containsEntry("pattern", "0 passed")
                .containsEntry("big.speed.logicalTypeOptions", "9000 failed").containsEntry("rows", "1000000 passed");
        // (pair, device): i and i + 1 share a pair but never a device (i % 7 differs), except pairs whose rows are
        // both null devices, which are left out: so no duplicates
        assertThat(values).containsEntry("pairs", "0 passed");
        long heap = out.stream().filter(l -> l.startsWith("HEAP ")).mapToLong(l -> Long.parseLong(l.substring(5)))
                .findFirst().orElseThrow();
        assertThat(heap).as("peak heap of the checking JVM").isLessThan(48L << 20);
    }

    private List<String> child(Path warehouse, String dataset, Path contract) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")),
                "-cp", System.getProperty("java.class.path"), ContractCheckChild.class.getName(), warehouse.toString(),
                dataset, contract.toString(), "128MB"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("RDW_"));
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }
}
