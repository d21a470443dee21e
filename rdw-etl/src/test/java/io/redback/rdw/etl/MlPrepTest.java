package io.redback.rdw.etl;

import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MlPrepTest {
    @TempDir
    Path dir;

    private WarehouseClient dw;

    @BeforeEach
    void open() {
        dw = TestWarehouse.open(dir.resolve("wh"), "256MB", null);
    }

    @AfterEach
    void close() {
        dw.close();
    }

    /** The service's semantics computed by hand: median fill, then z-score with the sample deviation. */
    private static double[] expected(Double[] values) {
        List<Double> present = new ArrayList<>();
        for (Double v : values) {
            if (v != null) {
                present.add(v);
            }
        }
        present.sort(null);
        int n = present.size();
        double median = n % 2 == 1 ? present.get(n / 2) : (present.get(n / 2 - 1) + present.get(n / 2)) / 2;
        double[] filled = Arrays.stream(values).mapToDouble(v -> v == null ? median : v).toArray();
        double mean = Arrays.stream(filled).average().orElseThrow();
        double var = Arrays.stream(filled).map(v -> (v - mean) * (v - mean)).sum() / (filled.length - 1);
        double sd = Math.sqrt(var);
        return Arrays.stream(filled).map(v -> (v - mean) / sd).toArray();
    }

    @Test
    void fillsWithTheMedianAndScalesNumbersButLeavesIdentifiersAlone() throws Exception {
        Path in = Files.writeString(dir.resolve("rides.csv"), """
                Record ID,speed,heart_rate,constant,active,device
                1,10.5,120,7,true,garmin
                2,,130,7,false,wahoo
                3,20.0,,7,true,garmin
                4,40.0,150,7,true,polar
                5,30.0,110,7,false,garmin
                """);
        Path out = dir.resolve("prepared.csv");
        PipelineResult r = Pipelines.run(Pipeline.mlPrep(), in, out, dw, o -> { });

        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("Record ID,speed,heart_rate,constant,active,device");
        assertThat(r.rowsOut()).isEqualTo(5);
        double[] speed = expected(new Double[]{10.5, null, 20.0, 40.0, 30.0});
        double[] hr = expected(new Double[]{120.0, 130.0, null, 150.0, 110.0});
        for (int i = 0; i < 5; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(Double.parseDouble(cells[1])).isCloseTo(speed[i], within(1e-9));
            assertThat(Double.parseDouble(cells[2])).isCloseTo(hr[i], within(1e-9));
            assertThat(Double.parseDouble(cells[3])).isEqualTo(7.0);
        }
        assertThat(lines.get(1)).endsWith(",true,garmin");
        assertThat(r.columns()).containsEntry("Record ID", "BIGINT").containsEntry("speed", "DOUBLE")
                .containsEntry("active", "BOOLEAN").containsEntry("device", "VARCHAR");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> stats = (Map<String, Map<String, Object>>) r.stats().get("ml_prep");
        assertThat(stats).containsOnlyKeys("speed", "heart_rate", "constant");
        assertThat(((Number) stats.get("speed").get("median")).doubleValue()).isEqualTo(25.0);
        assertThat(stats.get("constant").get("scaled")).isEqualTo(false);
        assertThat(r.warnings()).singleElement().asString().contains("constant", "not scaled");
    }

    @Test
    void scalesIdentifiersOnlyWhenAsked() throws Exception {
        Path in = Files.writeString(dir.resolve("ids.csv"), "user_id,x\n1,2\n2,4\n3,9\n");
        Path out = dir.resolve("out.csv");
        Pipelines.run(new Pipeline("p", List.of(new Step.MlPrep(Step.MlPrep.Identifiers.SCALE))), in, out, dw, o -> { });
        assertThat(Files.readAllLines(out).get(1)).startsWith("-1.0,");
        Pipelines.run(Pipeline.mlPrep(), in, dir.resolve("kept.csv"), dw, o -> { });
        assertThat(Files.readAllLines(dir.resolve("kept.csv")).get(1)).startsWith("1,");
        assertThat(Presets.identifierLike("Record ID")).isTrue();
        assertThat(Presets.identifierLike("studentId")).isFalse();
        assertThat(Presets.identifierLike("student_key")).isTrue();
        assertThat(Presets.identifierLike("idle_time")).isFalse();
    }

    @Test
    void computesMediansOneColumnAtATimeWhenTogetherTheyDoNotFitInMemory() throws Exception {
        Path in = dir.resolve("wide.csv");
        java.util.Random random = new java.util.Random(7);
        try (var w = Files.newBufferedWriter(in)) {
            w.write("a,b,c,d,e,f,g,h\n");
            for (int row = 0; row < 1_500_000; row++) {
                for (int c = 0; c < 8; c++) {
                    w.write(c == 0 ? "" : ",");
                    if (random.nextInt(10) > 0) {
                        w.write(Integer.toString(random.nextInt(1_000_000)));
                    }
                }
                w.write('\n');
            }
        }
        // the static form runs with the default client's runtime (Warehouse.use), the explicit one with the given client
        PipelineResult small;
        try (WarehouseClient roomy = TestWarehouse.open(dir.resolve("roomy"), "2GB", "1")) {
            Warehouse.use(TestWarehouse.open(dir.resolve("tight"), "128MB", "1"));
            try {
                small = Pipelines.mlPrep(in, dir.resolve("tight.parquet"));
            } finally {
                Warehouse.reset();
            }
            PipelineResult large = Pipelines.run(Pipeline.mlPrep(), in, dir.resolve("roomy.parquet"), roomy, o -> { });
            assertThat(large.warnings()).noneSatisfy(w -> assertThat(w).contains("one at a time"));
            assertThat(small.stats().get("ml_prep")).isEqualTo(large.stats().get("ml_prep"));
            assertThat(large.rowsOut()).isEqualTo(1_500_000);
        }
        assertThat(small.warnings()).anySatisfy(w -> assertThat(w).contains("one at a time"));
        assertThat(small.rowsOut()).isEqualTo(1_500_000);
    }
}
