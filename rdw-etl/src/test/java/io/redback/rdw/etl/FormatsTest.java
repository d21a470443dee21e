package io.redback.rdw.etl;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Json;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every upload format in, every output format out, and the inputs that must be refused. */
class FormatsTest {
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

    private PipelineResult clean(Path in, Path out) {
        return Pipelines.run(Pipeline.clean(), in, out, dw, o -> { });
    }

    @Test
    void detectsTheDelimiterOfTextFiles() throws Exception {
        Path semicolons = Files.writeString(dir.resolve("rides.txt"), "id;speed;device\n1;12.5;garmin\n2;30;wahoo\n3;;polar\n");
        Path tabs = Files.writeString(dir.resolve("tabs.txt"), "id\tspeed\tdevice\n1\t12.5\tgarmin\n2\t30\twahoo\n");
        assertThat(clean(semicolons, dir.resolve("a.csv")).columns()).containsEntry("id", "BIGINT").containsEntry("speed", "DOUBLE");
        assertThat(Files.readAllLines(dir.resolve("a.csv")).get(1)).startsWith("1,12.5,garmin,");
        assertThat(clean(tabs, dir.resolve("b.csv")).rowsOut()).isEqualTo(2);
    }

    @Test
    void readsJsonArraysAndJsonLinesAndWritesJson() throws Exception {
        Path array = Files.writeString(dir.resolve("docs.json"),
                "[{\"id\": 1, \"speed\": 12.5, \"ok\": true}, {\"id\": 2, \"speed\": null, \"ok\": false}, {\"id\": 2, \"speed\": null, \"ok\": false}]");
        Path lines = Files.writeString(dir.resolve("docs.jsonl"), "{\"id\": 1, \"tag\": \"a\"}\n{\"id\": 2, \"tag\": \"b\"}\n");

        PipelineResult r = clean(array, dir.resolve("out.json"));
        assertThat(r.rowsOut()).isEqualTo(2);
        JsonNode out = Json.MAPPER.readTree(dir.resolve("out.json").toFile());
        assertThat(out.isArray()).isTrue();
        assertThat(out.get(0).get("id").asLong()).isEqualTo(1);
        assertThat(out.get(0).get("ok").asBoolean()).isTrue();
        assertThat(out.get(1).get("unique_id").asLong()).isEqualTo(1);

        clean(lines, dir.resolve("out.jsonl"));
        List<String> written = Files.readAllLines(dir.resolve("out.jsonl"));
        assertThat(written).hasSize(2);
        assertThat(Json.MAPPER.readTree(written.get(1)).get("tag").asText()).isEqualTo("b");
    }

    @Test
    void streamsASheetOfAWorkbookWithItsDatesAndNumbers() throws Exception {
        Path xlsx = dir.resolve("rides.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream os = Files.newOutputStream(xlsx)) {
            wb.createSheet("Notes").createRow(0).createCell(0).setCellValue("not this one");
            Sheet s = wb.createSheet("Rides");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("d/m/yy"));
            Row h = s.createRow(0);
            h.createCell(0).setCellValue("Ride ID");
            h.createCell(1).setCellValue("Speed");
            h.createCell(2).setCellValue("Day");
            h.createCell(3).setCellValue("Empty");
            for (int i = 1; i <= 3; i++) {
                Row r = s.createRow(i);
                r.createCell(0).setCellValue(i);
                r.createCell(1).setCellValue(1234.5 * i);
                r.createCell(2).setCellValue(LocalDate.of(2025, 3, i));
                r.getCell(2).setCellStyle(date);
            }
            wb.write(os);
        }
        PipelineResult r = Pipelines.run(Pipeline.clean(), xlsx, dir.resolve("out.csv"), dw, o -> o.sheet("Rides"));
        assertThat(r.columns()).containsEntry("ride_id", "BIGINT").containsEntry("speed", "DOUBLE").containsEntry("day", "DATE");
        assertThat(r.droppedColumns()).containsExactly("Empty");
        assertThat(Files.readAllLines(dir.resolve("out.csv")).get(2)).startsWith("2,2469.0,2025-03-02,");
        assertThatThrownBy(() -> Pipelines.run(Pipeline.clean(), xlsx, dir.resolve("x.csv"), dw, o -> o.sheet("Nope")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no sheet named 'Nope'")
                .hasMessageContaining("[Notes, Rides]");
    }

    /** A malformed input: the error names the file, nothing is written. */
    private void assertRefused(Path in, String... expected) {
        Path out = dir.resolve(in.getFileName() + ".parquet");
        assertThatThrownBy(() -> clean(in, out)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(in.getFileName() + ": ").hasMessageContainingAll(expected);
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesJsonThatIsNotRecords() throws Exception {
        assertRefused(Files.writeString(dir.resolve("numbers.json"), "[1, 2, 3]"), "not a JSON file of records");
        assertRefused(Files.writeString(dir.resolve("broken.jsonl"), "{\"a\": 1}\n{\"a\": \n"), "JSON");
    }

    @Test
    void refusesAZipBombAndAFileThatIsNotAWorkbook() throws Exception {
        Path real = dir.resolve("small.xlsx");
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream os = Files.newOutputStream(real)) {
            wb.createSheet("S").createRow(0).createCell(0).setCellValue("a");
            wb.write(os);
        }
        // the same workbook with its sheet padded by 200 MB of blanks: it compresses a thousandfold
        Path bomb = dir.resolve("bomb.xlsx");
        try (ZipFile zip = new ZipFile(real.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                byte[] body = zip.getInputStream(e).readAllBytes();
                if (e.getName().endsWith("sheet1.xml")) {
                    String xml = new String(body, StandardCharsets.UTF_8);
                    int cut = xml.indexOf("<sheetData");
                    out.write(xml.substring(0, cut).getBytes(StandardCharsets.UTF_8));
                    byte[] blanks = new byte[1 << 20];
                    java.util.Arrays.fill(blanks, (byte) ' ');
                    for (int i = 0; i < 200; i++) {
                        out.write(blanks);
                    }
                    out.write(xml.substring(cut).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(body);
                }
                out.closeEntry();
            }
        }
        assertRefused(bomb, "zip bomb");
        assertRefused(Files.write(dir.resolve("fake.xlsx"), "id,name\n1,a\n".getBytes(StandardCharsets.UTF_8)), "not an XLSX workbook");
    }

    @Test
    void refusesA100MegabyteField() throws Exception {
        Path big = dir.resolve("big.csv");
        try (OutputStream os = Files.newOutputStream(big)) {
            os.write("id,note\n1,short\n2,".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 100; i++) {
                os.write(chunk);
            }
            os.write("\n3,end\n".getBytes(StandardCharsets.UTF_8));
        }
        assertRefused(big, "line 3", "longer than 8 MiB");
    }
}
