package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A pipeline read from the config.yaml layout teams use today, step by step. */
class ConfiguredPipelineTest {
    @TempDir
    Path dir;

    private WarehouseClient dw;

    @BeforeEach
    void open() {
        dw = TestWarehouse.open(dir.resolve("wh"), "512MB", null);
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private static final String DATA = """
            id,Device Type,speed,hr,notes,when
            1,garmin,10,120,a,2025-03-01 10:00:00
            2,wahoo,,130,b,2025-03-01 11:00:00
            3,garmin,20,,c,2025-03-02 08:00:00
            3,garmin,20,,c,2025-03-02 08:00:00
            4,,40,150,,2025-03-02 09:00:00
            5,polar,30,110,e,
            """;

    private Path yaml(String body) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), body);
    }

    private List<String> run(Path yaml, String data) throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), data);
        Path out = dir.resolve("out-" + System.nanoTime() + ".csv");
        Pipelines.run(Pipeline.fromYaml(yaml), in, out, dw, o -> { });
        return Files.readAllLines(out);
    }

    @Test
    void runsEveryStepInTheOrderWritten() throws Exception {
        Path yaml = yaml("""
                tabular:
                  preprocessing:
                    cleaning:
                      drop_columns: [notes]
                      rename_columns: {"Device Type": device}
                      drop_duplicates: true
                      dropna: {subset: [when]}
                      fillna: {speed: median, hr: median, device: mode}
                    transformation:
                      categorical_encoding: [device]
                      normalize: [speed]
                    validation:
                      dtype_conversion: {hr: int}
                """);
        Path in = Files.writeString(dir.resolve("in.csv"), DATA);
        Path out = dir.resolve("out.csv");
        PipelineResult r = Pipelines.run(Pipeline.fromYaml(yaml), in, out, dw, o -> { });
        List<String> lines = Files.readAllLines(out);

        assertThat(lines.get(0)).isEqualTo("id,device,speed,hr,when");
        assertThat(lines).hasSize(5); // the duplicate and the row without a timestamp are gone
        assertThat(r.columns()).containsEntry("device", "BIGINT").containsEntry("hr", "BIGINT").containsEntry("speed", "DOUBLE");
        // fill: device's mode is garmin; codes sort the values: garmin 0, wahoo 1
        assertThat(lines.get(1)).startsWith("1,0,");
        assertThat(lines.get(2)).startsWith("2,1,");
        assertThat(lines.get(4)).startsWith("4,0,");
        // speed: median of 10, 20, 40 fills row 2, then (x - mean) / population deviation
        double[] filled = {10, 20, 20, 40};
        double mean = 22.5;
        double sd = Math.sqrt(java.util.Arrays.stream(filled).map(v -> (v - mean) * (v - mean)).sum() / 4);
        assertThat(Double.parseDouble(lines.get(1).split(",")[2])).isCloseTo((10 - mean) / sd, within(1e-9));
        // hr: the median of 120, 130, 150 fills row 3 as 130.0, which the int conversion takes exactly
        assertThat(lines.get(3).split(",")[3]).isEqualTo("130");
        @SuppressWarnings("unchecked")
        Map<String, Object> codes = (Map<String, Object>) ((Map<String, Object>) r.stats().get("categorical_encoding")).get("device");
        assertThat(codes).containsExactly(Map.entry("garmin", 0L), Map.entry("wahoo", 1L));
        assertThat(r.stats()).containsKeys("fillna", "normalize");
    }

    @Test
    void reportsValuesThatDoNotConvertAndWritesNothing() throws Exception {
        Path yaml = yaml("""
                tabular:
                  preprocessing:
                    validation:
                      dtype_conversion: {speed: int}
                """);
        Path in = Files.writeString(dir.resolve("in.csv"), "id,speed\n1,10\n2,12.5\n3,x\n4,7\n");
        Path out = dir.resolve("out.csv");
        assertThatThrownBy(() -> Pipelines.run(Pipeline.fromYaml(yaml), in, out, dw, o -> { }))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 values of speed cannot become int")
                .hasMessageContaining("row 2: '12.5'").hasMessageContaining("row 3: 'x'")
                .hasMessageContaining("nothing was written");
        assertThat(out).doesNotExist();
    }

    @Test
    void turnsBadValuesIntoNullsWhenAskedAndSaysSo() throws Exception {
        Path yaml = yaml("""
                tabular:
                  preprocessing:
                    validation:
                      dtype_conversion: {speed: float, on_error: "null"}
                """);
        Path in = Files.writeString(dir.resolve("in.csv"), "id,speed\n1,10\n2,fast\n3,7.5\n");
        Path out = dir.resolve("out.csv");
        PipelineResult r = Pipelines.run(Pipeline.fromYaml(yaml), in, out, dw, o -> { });
        assertThat(Files.readAllLines(out)).containsExactly("id,speed", "1,10.0", "2,", "3,7.5");
        assertThat(r.warnings()).singleElement().asString().contains("1 value of speed", "row 2: 'fast'", "became null");
    }

    @Test
    void namesWhatIsWrongInAConfiguration() throws Exception {
        assertThatThrownBy(() -> Pipeline.fromYaml(yaml("tabular:\n  preprocessing:\n    cleaning:\n      drop_colums: [a]\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cleaning.drop_colums")
                .hasMessageContaining("drop_columns");
        assertThatThrownBy(() -> Pipeline.fromYaml(yaml("other: 1\n")))
                .hasMessageContaining("tabular.preprocessing");
        Path unknownColumn = yaml("tabular:\n  preprocessing:\n    cleaning:\n      drop_columns: [nope]\n");
        assertThatThrownBy(() -> run(unknownColumn, DATA)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no column 'nope'").hasMessageContaining("Device Type");
        Path meanOfText = yaml("tabular:\n  preprocessing:\n    cleaning:\n      fillna: {notes: mean}\n");
        assertThatThrownBy(() -> run(meanOfText, DATA)).hasMessageContaining("mean of notes needs numbers");
    }

    @Test
    void acceptsThePresetsAndSkipsStepsSetToFalse() throws Exception {
        Path yaml = yaml("""
                tabular:
                  preprocessing:
                    cleaning:
                      clean_up: true
                      drop_duplicates: false
                """);
        Pipeline p = Pipeline.fromYaml(yaml);
        assertThat(p.steps()).containsExactly(new Step.CleanUp());
        assertThat(p.specHash()).isEqualTo(Pipeline.clean().specHash());
        assertThat(run(yaml, DATA).get(0)).isEqualTo("id,device_type,speed,hr,notes,when,extract_date,unique_id");
    }
}
