package io.redback.rdw;

import io.redback.rdw.spi.RowCursor;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryResultTest {

    /** Rows held in memory: the formatting is what is under test here. */
    private static final class ListCursor implements RowCursor {
        private final List<Column> columns;
        private final List<Object[]> rows;
        private int at = -1;
        boolean closed;

        ListCursor(List<Column> columns, List<Object[]> rows) {
            this.columns = columns;
            this.rows = rows;
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean next() {
            return ++at < rows.size();
        }

        @Override
        public Object value(int index) {
            return rows.get(at)[index];
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ListCursor cursor() {
        return new ListCursor(List.of(new Column("device", "VARCHAR"), new Column("n", "BIGINT"),
                new Column("avg", "DOUBLE"), new Column("day", "DATE"), new Column("at", "TIMESTAMP")),
                List.of(new Object[]{"garmin", 3L, 1.0e7, LocalDate.of(2025, 3, 1), LocalDateTime.of(2025, 3, 1, 10, 0)},
                        new Object[]{"a, \"b\"", 12L, null, null, LocalDateTime.of(2025, 3, 1, 10, 0, 0, 500_000_000)}));
    }

    @Test
    void rendersATextTable() {
        ListCursor c = cursor();
        String text = new QueryResult(c).toText(20);
        assertThat(text).isEqualTo("""
                device | n  | avg        | day        | at
                -------+----+------------+------------+----------------------
                garmin |  3 | 10000000.0 | 2025-03-01 | 2025-03-01 10:00:00
                a, "b" | 12 |       null | null       | 2025-03-01 10:00:00.5
                (2 rows)
                """);
        assertThat(c.closed).isTrue();
    }

    @Test
    void saysWhenThereAreMoreRowsThanShown() {
        assertThat(new QueryResult(cursor()).toText(1)).endsWith("(first 1 rows shown; there are more)\n");
    }

    @Test
    void writesCsvWithQuoting() {
        StringBuilder out = new StringBuilder();
        assertThat(new QueryResult(cursor()).export(out, ResultFormat.CSV)).isEqualTo(2);
        assertThat(out.toString()).isEqualTo("""
                device,n,avg,day,at
                garmin,3,10000000.0,2025-03-01,2025-03-01 10:00:00
                \"a, \"\"b\"\"\",12,,,2025-03-01 10:00:00.5
                """);
    }

    @Test
    void writesTheProxysJsonShape() {
        StringWriter out = new StringWriter();
        new QueryResult(new ListCursor(List.of(new Column("n", "BIGINT"), new Column("x", "DECIMAL")),
                List.<Object[]>of(new Object[]{1L, new BigDecimal("1.50")}))).export(out, ResultFormat.JSON);
        assertThat(out.toString()).isEqualTo(
                "{\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}},{\"name\":\"x\",\"type\":{\"name\":\"DECIMAL\"}}],"
                        + "\"rows\":[{\"n\":1,\"x\":1.50}],\"rowCount\":1}");
    }

    record Ride(String device, long n, Double avg, java.time.LocalDate day) {
    }

    record Wrong(String nope) {
    }

    @Test
    void mapsRowsOntoRecords() {
        List<Ride> rides = new QueryResult(cursor()).as(Ride.class).toList();
        assertThat(rides).containsExactly(new Ride("garmin", 3, 1.0e7, LocalDate.of(2025, 3, 1)),
                new Ride("a, \"b\"", 12, null, null));
        assertThatThrownBy(() -> new QueryResult(cursor()).as(Wrong.class))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no such column");
    }

    @Test
    void rendersAnHtmlTableWithEverythingEscaped() {
        String html = new QueryResult(new ListCursor(List.of(new Column("<b>name</b>", "VARCHAR")),
                List.<Object[]>of(new Object[]{"<script>alert('x')</script>"}, new Object[]{null}))).toHtml(10);
        assertThat(html).contains("<th title=\"VARCHAR\">&lt;b&gt;name&lt;/b&gt;</th>",
                "<td>&lt;script&gt;alert('x')&lt;/script&gt;</td>", "<td><i>null</i></td>", "<p>2 rows</p>")
                .doesNotContain("<script>");
    }

    @Test
    void exportsToAFileNamedByItsExtensionAndNeverReplacesOneUnasked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path csv = dir.resolve("out.csv");
        ListCursor c = cursor();
        assertThat(new QueryResult(c).export(csv)).isEqualTo(2);
        assertThat(c.closed).isTrue();
        assertThat(java.nio.file.Files.readString(csv)).startsWith("device,n,avg,day,at\ngarmin,3,");

        ListCursor again = cursor();
        assertThatThrownBy(() -> new QueryResult(again).export(csv)).isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("out.csv already exists");
        assertThat(again.closed).isTrue();
        assertThat(new QueryResult(cursor()).export(csv, o -> o.format(ResultFormat.JSON).overwrite())).isEqualTo(2);
        assertThat(java.nio.file.Files.readString(csv)).startsWith("{\"schema\":");

        java.nio.file.Path html = dir.resolve("top.html");
        assertThat(new QueryResult(cursor()).export(html, o -> o.maxRows(1))).isEqualTo(1);
        assertThat(java.nio.file.Files.readString(html)).contains("first 1 rows shown");
        assertThat(new QueryResult(cursor()).export(dir.resolve("t.txt"))).isEqualTo(2);
        assertThat(java.nio.file.Files.list(dir)).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("out.csv", "top.html", "t.txt");
    }

    @Test
    void refusesWhatItCannotWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThatThrownBy(() -> new QueryResult(cursor()).export(dir.resolve("out.xls")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining(".csv, .json, .html or .parquet");
        assertThatThrownBy(() -> new QueryResult(cursor()).export(new StringBuilder(), ResultFormat.PARQUET))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("file");
        assertThatThrownBy(() -> new QueryResult(cursor()).export(dir.resolve("out.parquet")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("WarehouseClient.query");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void isReadOnceAndNamesUnknownColumns() {
        QueryResult r = new QueryResult(cursor());
        List<Row> rows = r.toList();
        assertThat(rows.get(0).getLong("N")).isEqualTo(3L);
        assertThatThrownBy(() -> rows.get(0).get("nope")).isInstanceOf(NotFoundException.class).hasMessageContaining("device");
        assertThatThrownBy(r::toList).isInstanceOf(IllegalStateException.class);
    }
}
