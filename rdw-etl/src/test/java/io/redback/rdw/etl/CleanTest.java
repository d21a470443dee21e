package io.redback.rdw.etl;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlResult;
import io.redback.rdw.spi.SqlWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanTest {
    @TempDir
    Path dir;

    private WarehouseClient dw;

    @BeforeEach
    void open() {
        dw = TestWarehouse.open(dir.resolve("wh"), "256MB", "2");
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private static final String MESSY = """
             Record ID ,Heart Rate (bpm),Empty,Device-Type,Is Active,When,Day,Speed km/h
            1,120,,garmin,true,2025-03-01T10:00:00Z,2025-03-01,12.5
            2,NA,,wahoo,FALSE,2025-03-01T11:00:00Z,2025-03-02,30
            3,,,,,,,
            1,120,,garmin,true,2025-03-01T10:00:00Z,2025-03-01,12.5
            4,95,,"polar, h10",true,2025-03-02T08:00:00+02:00,2025-03-03,
            """;

    private PipelineResult clean(Path in, Path out) {
        return Pipelines.run(Pipeline.clean(), in, out, dw, o -> { });
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Reads a Parquet file back with its column types (as the engine names them), as a reader of silver would. */
    private List<Map<String, Object>> readParquet(Path file, Map<String, String> types) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("check", dir.resolve("check"))) {
            ws.load("t", file, FileFormat.PARQUET, file.getFileName().toString());
            SqlResult r = ws.query("SELECT * FROM t");
            for (int i = 0; i < r.names().size(); i++) {
                types.put(r.names().get(i), r.types().get(i));
            }
            for (List<Object> values : r.rows()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < values.size(); i++) {
                    Object v = values.get(i);
                    if (v instanceof OffsetDateTime t) {
                        v = t.withOffsetSameInstant(ZoneOffset.UTC);
                    }
                    row.put(r.names().get(i), v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void cleansLikeTheUploadServiceAndKeepsTypes() throws Exception {
        Path out = dir.resolve("clean.parquet");
        PipelineResult result = clean(write("messy.csv", MESSY), out);

        assertThat(result.rowsIn()).isEqualTo(5);
        assertThat(result.rowsOut()).isEqualTo(3);
        assertThat(result.droppedColumns()).containsExactly("Empty");
        Map<String, String> types = new LinkedHashMap<>();
        List<Map<String, Object>> rows = readParquet(out, types);
        assertThat(types).containsExactly(Map.entry("record_id", "BIGINT"), Map.entry("heart_rate_bpm", "BIGINT"),
                Map.entry("device_type", "VARCHAR"), Map.entry("is_active", "BOOLEAN"),
                Map.entry("when", "TIMESTAMP WITH TIME ZONE"), Map.entry("day", "DATE"),
                Map.entry("speed_km_h", "DOUBLE"), Map.entry("extract_date", "DATE"), Map.entry("unique_id", "BIGINT"));
        assertThat(result.columns()).containsEntry("record_id", "BIGINT").containsEntry("when", "TIMESTAMPTZ");
        assertThat(rows).extracting(r -> r.get("record_id")).containsExactly(1L, 2L, 4L);
        assertThat(rows).extracting(r -> r.get("unique_id")).containsExactly(0L, 1L, 2L);
        assertThat(rows).extracting(r -> r.get("heart_rate_bpm")).containsExactly(120L, null, 95L);
        assertThat(rows).extracting(r -> r.get("is_active")).containsExactly(true, false, true);
        assertThat(rows).extracting(r -> r.get("speed_km_h")).containsExactly(12.5, 30.0, null);
        assertThat(rows.get(2).get("device_type")).isEqualTo("polar, h10");
        assertThat(rows.get(2).get("when")).isEqualTo(OffsetDateTime.parse("2025-03-02T06:00:00Z"));
        assertThat(rows.get(0).get("day")).isEqualTo(LocalDate.of(2025, 3, 1));
        assertThat(rows).extracting(r -> r.get("extract_date")).containsOnly(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void writesCsvWithIntegersKeptAsIntegers() throws Exception {
        Path out = dir.resolve("clean.csv");
        clean(write("messy.csv", MESSY), out);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("record_id,heart_rate_bpm,device_type,is_active,when,day,speed_km_h,extract_date,unique_id");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("1,120,garmin,true,").endsWith(",2025-03-01,12.5," + LocalDate.now(ZoneOffset.UTC) + ",0");
        assertThat(lines.get(2)).startsWith("2,,wahoo,false,");
        assertThat(lines.get(3)).contains("\"polar, h10\"");
    }

    @Test
    void tellsWhereTheTimeWentAndAProfiledRunTimesTheStatementAndTheWriteApartWithTheSameOutput() throws Exception {
        Path in = write("messy.csv", MESSY);
        Path plain = dir.resolve("plain.csv");
        Path profiled = dir.resolve("profiled.csv");
        PipelineResult r = clean(in, plain);
        assertThat(r.phases().keySet()).containsExactly("read: header", "read: sample types", "read: typed read",
                "read: whole numbers", "read: refine types", "clean_up: non-null counts",
                "drop_duplicates: distinct rows in file order", "statement and write");
        PipelineResult p = Pipelines.run(Pipeline.clean(), in, profiled, dw, o -> o.profile());
        assertThat(p.phases().keySet()).endsWith("drop_duplicates: distinct rows in file order", "statement", "write")
                .doesNotContain("statement and write");
        assertThat(Files.readAllLines(profiled)).isEqualTo(Files.readAllLines(plain));
        long phases = p.phases().values().stream().mapToLong(java.time.Duration::toNanos).sum();
        assertThat(phases).isLessThanOrEqualTo(p.elapsed().toNanos());
        assertThat(p.profile()).contains("read: typed read").contains("  write").contains("(the rest: ")
                .contains(p.elapsed().toMillis() + " ms          in all");
    }

    @Test
    void mlPrepTellsTheTimeOfEachStatistic() throws Exception {
        PipelineResult r = Pipelines.run(Pipeline.mlPrep(), write("messy.csv", MESSY), dir.resolve("prep.csv"), dw, o -> { });
        assertThat(r.phases().keySet()).contains("read: typed read", "ml_prep: medians", "ml_prep: means and deviations",
                "statement and write");
    }

    @Test
    void standardisesNamesAsTheServiceDoesAndKeepsThemUnique() {
        // the loader has made the file's names unique as pandas does (Unnamed: 4, x.1); the service's rules follow
        assertThat(Presets.standardNames(List.of(" User Name ", "Temperature \u00b0C", "A b", "a_b", "Unnamed: 4", "x", "x.1", "__")))
                .containsExactly("user_name", "temperature_c", "a_b", "a_b_2", "unnamed_4", "x", "x_1", "column_7");
    }

    @Test
    void acceptsAByteOrderMarkWithoutMakingItPartOfTheFirstName() throws Exception {
        Path in = dir.resolve("bom.csv");
        Files.write(in, ("\uFEFFid,name\r\n1,a\r\n2,b\r\n").getBytes(StandardCharsets.UTF_8));
        PipelineResult r = clean(in, dir.resolve("bom.parquet"));
        assertThat(r.columns().keySet()).startsWith("id", "name");
        assertThat(r.rowsOut()).isEqualTo(2);
    }

    @Test
    void keepsTheFirstOfEachSetOfDuplicatesInFileOrder() throws Exception {
        StringBuilder csv = new StringBuilder("k,v\n");
        for (int i = 0; i < 5000; i++) {
            csv.append(i % 7).append(",x").append(i % 7).append('\n');
            csv.append(9000 + i).append(",unique").append(i).append('\n');
        }
        Path out = dir.resolve("d.csv");
        PipelineResult r = clean(write("dups.csv", csv.toString()), out);
        List<String> lines = Files.readAllLines(out);
        assertThat(r.rowsOut()).isEqualTo(5007);
        assertThat(lines.get(1)).startsWith("0,x0,");
        assertThat(lines.get(2)).startsWith("9000,unique0,");
        assertThat(lines.get(3)).startsWith("1,x1,");
        assertThat(lines.get(14)).startsWith("9006,unique6,").endsWith(",13");
        assertThat(lines.get(15)).startsWith("9007,unique7,").endsWith(",14");
    }

    @Test
    void keepsFileOrderAndNumbersRowsByPositionAcrossManyRowGroups() throws Exception {
        // large enough for several row groups and both threads, so order and ids cannot come out right by accident
        StringBuilder csv = new StringBuilder("k,v\n");
        List<String> expected = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String[] rows = new String[600_000];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i % 11 == 0 ? i + "," : i % 5 == 4 ? rows[i - 2] : i + ",v" + i;
            csv.append(rows[i]).append('\n');
            if (!rows[i].endsWith(",") && seen.add(rows[i])) {
                expected.add(rows[i]);
            }
        }
        Path out = dir.resolve("ordered_clean.csv");
        PipelineResult r = clean(write("ordered.csv", csv.toString()), out);

        List<String> lines = Files.readAllLines(out);
        assertThat(r.rowsOut()).isEqualTo(expected.size());
        assertThat(lines).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            String line = lines.get(i + 1);
            assertThat(line.substring(0, line.indexOf(',', line.indexOf(',') + 1))).as("row %d", i).isEqualTo(expected.get(i));
            assertThat(line.substring(line.lastIndexOf(',') + 1)).as("unique_id of row %d", i).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void reportsProgressFromStartToEndWithoutGoingBack() throws Exception {
        StringBuilder csv = new StringBuilder("k,v\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(i).append(",v").append(i % 1000).append('\n');
        }
        List<Double> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        List<io.redback.rdw.Progress> raw = java.util.Collections.synchronizedList(new ArrayList<>());
        PipelineResult r = Pipelines.run(Pipeline.clean(), write("progress.csv", csv.toString()), dir.resolve("p.parquet"),
                dw, o -> o.progress(p -> {
                    raw.add(p);
                    seen.add(p.percent());
                }));

        assertThat(r.rowsOut()).isEqualTo(200_000);
        assertThat(seen.get(0)).isEqualTo(0.0);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(100.0);
        assertThat(seen).isSorted().allSatisfy(p -> assertThat(p).isBetween(0.0, 100.0));
        assertThat(seen).contains(40.0, 60.0);   // reading, the steps and writing each had their share
        assertThat(raw).allSatisfy(p -> assertThat(p.unit()).isEqualTo(io.redback.rdw.Progress.Unit.PERCENT))
                .allSatisfy(p -> assertThat(p.total()).isEqualTo(100));
    }

    /** A malformed file: the error names the file and the line, and nothing is written. */
    private void assertRefused(String name, byte[] content, String... expected) throws Exception {
        Path in = dir.resolve(name);
        Files.write(in, content);
        Path out = dir.resolve(name + ".parquet");
        assertThatThrownBy(() -> clean(in, out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(name + ": ")
                .hasMessageContainingAll(expected);
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(f -> f.endsWith(".part"));
        }
    }

    @Test
    void refusesRaggedRowsWithTheirLine() throws Exception {
        assertRefused("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n".getBytes(), "line 3", "fewer fields than the header's 3");
        assertRefused("long.csv", "a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n".getBytes(), "line 4", "more fields");
    }

    @Test
    void refusesAnUnclosedQuote() throws Exception {
        assertRefused("quote.csv", "a,b,c\n1,\"2,3\n4,5,6\n".getBytes(), "line 2", "quoted field is never closed");
    }

    @Test
    void refusesInvalidUtf8() throws Exception {
        assertRefused("latin1.csv", "name,city\nZo\u00eb,K\u00f6ln\n".getBytes(StandardCharsets.ISO_8859_1), "line 2", "UTF-8");
        assertRefused("header.csv", "n\u00e4me,city\nx,y\n".getBytes(StandardCharsets.ISO_8859_1), "line 1", "UTF-8");
    }

    @Test
    void refusesEmptyHeaderOnlyAndBinaryFiles() throws Exception {
        assertRefused("empty.csv", new byte[0], "empty");
        assertRefused("blank.csv", "\n\n  \n".getBytes(), "empty");
        assertRefused("header-only.csv", "a,b,c\n".getBytes(), "header but no data rows");
        byte[] binary = new byte[4096];
        new java.util.Random(1).nextBytes(binary);
        binary[10] = 0;
        binary[20] = '\n';
        assertRefused("image.csv", binary, "binary file");
    }

    @Test
    void neverReplacesAnExistingOutputOrGuessesItsFormat() throws Exception {
        Path in = write("in.csv", "a,b\n1,2\n");
        Path existing = write("out.csv", "precious");
        assertThatThrownBy(() -> clean(in, existing)).isInstanceOf(AlreadyExistsException.class);
        assertThat(existing).hasContent("precious");
        assertThatThrownBy(() -> clean(in, dir.resolve("out.xlsx")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(".parquet, .csv, .json or .jsonl");
        assertThatThrownBy(() -> clean(dir.resolve("missing.csv"), dir.resolve("o.csv")))
                .isInstanceOf(io.redback.rdw.NotFoundException.class).hasMessageContaining("no such file");
    }
}
