package io.redback.rdw.tck;

import io.redback.rdw.Column;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Progress;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedColumn;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlMemoryLimitException;
import io.redback.rdw.spi.SqlResult;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link SqlRuntime} must do: typed loads that refuse malformed files with their line, statements and small
 * queries, copies to files that appear only when complete, Parquet from rows, progress, a distinct signal for a
 * statement that runs out of memory, and a health check. Only standard SQL and the runtime's {@link SqlDialect} are
 * used, so any engine can pass.
 */
public abstract class SqlRuntimeContract {
    @TempDir
    protected Path temp;
    protected SqlRuntime runtime;

    /** A runtime with this memory limit ({@code 256MB}, {@code 32MB}) and two threads. */
    protected abstract SqlRuntime openRuntime(String memoryLimit) throws Exception;

    @BeforeEach
    void openRuntime() throws Exception {
        runtime = openRuntime("256MB");
    }

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    private SqlWorkspace workspace() {
        return runtime.workspace("job.csv", temp.resolve("work"));
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(temp.resolve(name), content);
    }

    /** Every column of a loaded table through its typed value, with its position, in file order. */
    private static SqlResult rows(SqlWorkspace ws, LoadedTable t) {
        SqlDialect d = ws.dialect();
        StringBuilder select = new StringBuilder("SELECT " + d.rowPosition() + " AS pos");
        for (LoadedColumn c : t.columns()) {
            select.append(", ").append(c.value()).append(" AS ").append(d.identifier(c.name()));
        }
        return ws.query(select + " FROM " + d.identifier(t.table()) + " ORDER BY pos");
    }

    private static List<Object> column(SqlResult r, int index) {
        List<Object> out = new ArrayList<>();
        for (List<Object> row : r.rows()) {
            out.add(row.get(index));
        }
        return out;
    }

    @Test
    void workspacesOpenAtTheSameTimeKeepTheirTablesApartAndAClosedOnesTablesAreGone() throws Exception {
        Path two = file("two.csv", "id\n1\n2\n");
        Path one = file("one.csv", "id\n7\n");
        try (SqlWorkspace a = runtime.workspace("two.csv", temp.resolve("a"));
             SqlWorkspace b = runtime.workspace("one.csv", temp.resolve("b"))) {
            a.load("src", two, FileFormat.CSV, "two.csv");
            b.load("src", one, FileFormat.CSV, "one.csv");
            assertThat(a.query("SELECT COUNT(*) FROM src").getLong(0, 0)).isEqualTo(2);
            assertThat(b.query("SELECT COUNT(*) FROM src").getLong(0, 0)).isEqualTo(1);
        }
        try (SqlWorkspace later = workspace()) {
            assertThatThrownBy(() -> later.query("SELECT COUNT(*) FROM src")).isInstanceOf(RdwException.class);
        }
    }

    @Test
    void loadsACsvWithATypeForEveryColumnAndMissingMarkersAsNull() throws Exception {
        Path csv = file("rides.csv", """
                id,speed,ok,day,at,name,empty
                1,12.5,true,2025-03-01,2025-03-01 10:00:00,a,
                2,NA,false,2025-03-02,2025-03-01 11:00:00,"b, c",
                3,30,TRUE,2025-03-03,2025-03-01 12:00:00,n/a,
                """);
        try (SqlWorkspace ws = workspace()) {
            LoadedTable t = ws.load("rides", csv, FileFormat.CSV, "rides.csv");

            assertThat(t.table()).isEqualTo("rides");
            assertThat(t.rows()).isEqualTo(3);
            assertThat(t.names()).containsExactly("id", "speed", "ok", "day", "at", "name", "empty");
            assertThat(t.types()).containsExactly("BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "VARCHAR", "VARCHAR");
            SqlResult r = rows(ws, t);
            assertThat(column(r, 0)).extracting(v -> ((Number) v).longValue()).containsExactly(0L, 1L, 2L);
            assertThat(column(r, 1)).containsExactly(1L, 2L, 3L);
            assertThat(column(r, 2)).containsExactly(12.5, null, 30.0);
            assertThat(column(r, 3)).containsExactly(true, false, true);
            assertThat(column(r, 4)).containsExactly(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 2), LocalDate.of(2025, 3, 3));
            assertThat(column(r, 5).get(0)).isEqualTo(LocalDateTime.of(2025, 3, 1, 10, 0));
            assertThat(column(r, 6)).containsExactly("a", "b, c", null);
            assertThat(column(r, 7)).containsOnlyNulls();
        }
    }

    @Test
    void widensAColumnWhenALaterValueDoesNotFitAndTypesAColumnFirstSeenEmpty() throws Exception {
        Path csv = temp.resolve("late.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("n,text,late\n");
            for (int i = 0; i < 30_000; i++) {
                w.write(i + "," + i + "," + (i < 25_000 ? "" : Integer.toString(i)) + "\n");
            }
            w.write("1e300,abc,7\n"); // beyond the integers, so the column must widen to floating point
        }
        try (SqlWorkspace ws = workspace()) {
            LoadedTable t = ws.load("late", csv, FileFormat.CSV, "late.csv");
            assertThat(t.types()).containsExactly("DOUBLE", "VARCHAR", "BIGINT");
            assertThat(t.rows()).isEqualTo(30_001);
            SqlResult last = ws.query("SELECT " + t.columns().get(0).value() + ", " + t.columns().get(1).value() + ", "
                    + t.columns().get(2).value() + " FROM late WHERE " + t.columns().get(1).value() + " = 'abc'");
            assertThat(last.rows()).singleElement().isEqualTo(List.of(1e300, "abc", 7L));
        }
    }

    @Test
    void neverRoundsALaterFractionIntoAWholeNumberColumn() throws Exception {
        Path csv = temp.resolve("fraction.csv");
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("n,m,big\n");
            for (int i = 0; i < 30_000; i++) {
                w.write(i + "," + i + "," + i + "\n");
            }
            // far past any sample: the first must become a decimal column, not a rounded 2; the third keeps a whole
            // number that a double cannot hold exactly
            w.write("1.5, 12 ,9007199254740993\n");
        }
        try (SqlWorkspace ws = workspace()) {
            LoadedTable t = ws.load("fraction", csv, FileFormat.CSV, "fraction.csv");
            assertThat(t.types()).containsExactly("DOUBLE", "BIGINT", "BIGINT");
            SqlResult big = ws.query("SELECT max(" + t.columns().get(2).value() + ") FROM fraction");
            assertThat(big.get(0, 0)).isEqualTo(9007199254740993L);
            SqlResult last = ws.query("SELECT " + t.columns().get(0).value() + ", " + t.columns().get(1).value()
                    + " FROM fraction ORDER BY " + t.columns().get(0).value() + " DESC LIMIT 1");
            assertThat(last.rows()).singleElement().isEqualTo(List.of(29_999.0, 29_999L));
            SqlResult fraction = ws.query("SELECT count(*) FROM fraction WHERE " + t.columns().get(0).value() + " = 1.5");
            assertThat(fraction.getLong(0, 0)).isEqualTo(1);
        }
    }

    @Test
    void refusesARaggedFileWithItsLineAndStaysUsable() throws Exception {
        Path ragged = file("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        try (SqlWorkspace ws = workspace()) {
            assertThatThrownBy(() -> ws.load("t", ragged, FileFormat.CSV, "ragged.csv"))
                    .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                        assertThat(e.line()).hasValue(3);
                        assertThat(e.source()).hasValue("ragged.csv");
                    })
                    .hasMessageStartingWith("ragged.csv: ");
            // no table was left behind: the same name loads the next file
            LoadedTable t = ws.load("t", file("fine.csv", "a,b\n1,2\n"), FileFormat.CSV, "fine.csv");
            assertThat(t.rows()).isEqualTo(1);
        }
    }

    @Test
    void refusesAFileWithAHeaderButNoRows() throws Exception {
        Path header = file("header.csv", "a,b,c\n");
        try (SqlWorkspace ws = workspace()) {
            assertThatThrownBy(() -> ws.load("t", header, FileFormat.CSV, "header.csv"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("no data rows");
        }
    }

    @Test
    void detectsTheDelimiterOfTextAndReadsJsonRecords() throws Exception {
        try (SqlWorkspace ws = workspace()) {
            LoadedTable txt = ws.load("txt", file("rides.txt", "id;speed\n1;12.5\n2;30\n"), FileFormat.TXT, "rides.txt");
            assertThat(txt.names()).containsExactly("id", "speed");
            assertThat(txt.types()).containsExactly("BIGINT", "DOUBLE");

            LoadedTable json = ws.load("docs", file("docs.json", "[{\"id\": 1, \"tag\": \"a\"}, {\"id\": 2, \"tag\": null}]"),
                    FileFormat.JSON, "docs.json");
            assertThat(json.names()).containsExactly("id", "tag");
            assertThat(json.rows()).isEqualTo(2);
            assertThat(column(rows(ws, json), 2)).containsExactly("a", null);

            LoadedTable lines = ws.load("lines", file("docs.jsonl", "{\"id\": 1}\n{\"id\": 2}\n{\"id\": 3}\n"),
                    FileFormat.NDJSON, "docs.jsonl");
            assertThat(lines.rows()).isEqualTo(3);
        }
    }

    @Test
    void runsStatementsAndSmallQueriesAndStaysUsableAfterAnError() {
        try (SqlWorkspace ws = workspace()) {
            ws.execute("CREATE TABLE n AS SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (3, NULL)) v(k, s)");
            SqlResult r = ws.query("SELECT count(*) AS c, max(s) AS m, count(s) AS present FROM n");
            assertThat(r.names()).containsExactly("c", "m", "present");
            assertThat(r.size()).isEqualTo(1);
            assertThat(r.getLong(0, 0)).isEqualTo(3);
            assertThat(r.getString(0, 1)).isEqualTo("y");
            assertThat(r.getLong(0, 2)).isEqualTo(2);

            assertThatThrownBy(() -> ws.query("SELECT * FROM no_such_table")).isInstanceOf(RdwException.class)
                    .hasMessageStartingWith("job.csv: ");
            assertThatThrownBy(() -> ws.execute("CREATE TABLE n AS SELECT 1 AS k")).isInstanceOf(RdwException.class);
            assertThat(ws.query("SELECT count(*) FROM n").getLong(0, 0)).isEqualTo(3);
        }
    }

    @Test
    void spellsLiteralsIdentifiersConstantsAndFunctionsSoTheyReadBack() {
        try (SqlWorkspace ws = workspace()) {
            SqlDialect d = ws.dialect();
            SqlResult quoted = ws.query("SELECT " + d.literal("it's \"q\"") + " AS " + d.identifier("a \"b\" c"));
            assertThat(quoted.names()).containsExactly("a \"b\" c");
            assertThat(quoted.get(0, 0)).isEqualTo("it's \"q\"");

            SqlResult values = ws.query("SELECT CAST(12.5 AS DOUBLE) AS d, CAST(7 AS BIGINT) AS b, DATE '2025-03-01' AS dt, "
                    + "TIMESTAMP '2025-03-01 10:15:30.5' AS ts, 'it''s' AS s, TRUE AS t, CAST(0.1 AS DOUBLE) AS tenth, "
                    + "CAST(NULL AS DOUBLE) AS nothing");
            StringBuilder back = new StringBuilder("SELECT ");
            for (int i = 0; i < values.names().size(); i++) {
                back.append(i == 0 ? "" : ", ").append(d.constant(values.get(0, i), values.types().get(i)));
            }
            SqlResult again = ws.query(back.toString());
            assertThat(again.rows().get(0)).isEqualTo(values.rows().get(0));
            assertThat(again.types()).isEqualTo(values.types());

            SqlResult functions = ws.query("SELECT " + d.fullMatch(d.literal("12"), "[0-9]+") + ", "
                    + d.fullMatch(d.literal("12a"), "[0-9]+") + ", " + d.tryCast(d.literal("x"), "BIGINT") + ", "
                    + d.tryCast(d.literal("12"), "BIGINT"));
            assertThat(functions.rows().get(0)).containsExactly(true, false, null, 12L);
        }
    }

    @Test
    void copiesAQueryToEveryWritableFormatOnlyWhenComplete() throws Exception {
        Path csv = file("rides.csv", "id,speed,name\n1,12.5,a\n2,,b\n3,30,\"c, d\"\n");
        try (SqlWorkspace ws = workspace()) {
            LoadedTable t = ws.load("rides", csv, FileFormat.CSV, "rides.csv");
            String query = "SELECT " + String.join(", ", t.columns().stream()
                    .map(c -> c.value() + " AS " + ws.dialect().identifier(c.name())).toList()) + " FROM rides";
            Path out = Files.createDirectories(temp.resolve("out"));

            Files.writeString(out.resolve("rides.parquet"), "an older file");
            assertThat(ws.copy(query, out.resolve("rides.parquet"), FileFormat.PARQUET)).isEqualTo(3);
            LoadedTable back = ws.load("back", out.resolve("rides.parquet"), FileFormat.PARQUET, "rides.parquet");
            assertThat(back.names()).containsExactly("id", "speed", "name");
            assertThat(back.types()).containsExactly("BIGINT", "DOUBLE", "VARCHAR");
            assertThat(rows(ws, back).rows()).extracting(r -> r.subList(1, 4))
                    .containsExactly(List.of(1L, 12.5, "a"), Arrays.asList(2L, null, "b"), List.of(3L, 30.0, "c, d"));

            assertThat(ws.copy(query, out.resolve("rides.csv"), FileFormat.CSV)).isEqualTo(3);
            assertThat(Files.readAllLines(out.resolve("rides.csv"))).containsExactly("id,speed,name", "1,12.5,a", "2,,b",
                    "3,30.0,\"c, d\"");
            assertThat(ws.copy(query, out.resolve("rides.jsonl"), FileFormat.NDJSON)).isEqualTo(3);
            assertThat(Files.readAllLines(out.resolve("rides.jsonl"))).hasSize(3);
            assertThat(ws.copy(query, out.resolve("rides.json"), FileFormat.JSON)).isEqualTo(3);
            assertThat(Files.readString(out.resolve("rides.json")).strip()).startsWith("[").endsWith("]");
            assertThatThrownBy(() -> ws.copy(query, out.resolve("rides.txt"), FileFormat.TXT))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThatThrownBy(() -> ws.copy("SELECT * FROM no_such_table", out.resolve("failed.parquet"), FileFormat.PARQUET))
                    .isInstanceOf(RdwException.class);
            try (Stream<Path> files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("rides.parquet", "rides.csv", "rides.jsonl", "rides.json");
            }
        }
    }

    @Test
    void writesRowsToParquetWithTheirTypes() throws Exception {
        List<Column> columns = List.of(new Column("id", "BIGINT"), new Column("name", "VARCHAR"),
                new Column("speed", "DOUBLE"), new Column("ok", "BOOLEAN"), new Column("day", "DATE"),
                new Column("at", "TIMESTAMP"));
        List<Object[]> values = List.of(
                new Object[]{1L, "a", 1.5, true, LocalDate.of(2025, 3, 1), LocalDateTime.of(2025, 3, 1, 10, 15)},
                new Object[]{2L, null, null, false, null, null});
        Path target = temp.resolve("rows.parquet");
        try (QueryResult result = new QueryResult(cursor(columns, values))) {
            assertThat(runtime.writeParquet(result.columns(), result.iterator(), target)).isEqualTo(2);
        }
        assertThat(temp.resolve(".rows.parquet.part")).doesNotExist();
        try (SqlWorkspace ws = workspace()) {
            LoadedTable back = ws.load("back", target, FileFormat.PARQUET, "rows.parquet");
            assertThat(back.names()).containsExactly("id", "name", "speed", "ok", "day", "at");
            assertThat(back.types()).containsExactly("BIGINT", "VARCHAR", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP");
            SqlResult r = rows(ws, back);
            assertThat(r.rows().get(0).subList(1, 7)).containsExactly(values.get(0));
            assertThat(r.rows().get(1).subList(1, 7)).containsExactly(values.get(1));
        }
    }

    /** Rows from memory, as an engine's cursor gives them. */
    private static RowCursor cursor(List<Column> columns, List<Object[]> rows) {
        return new RowCursor() {
            private int at = -1;

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
            }
        };
    }

    @Test
    void reportsProgressInPercentUpTo100WithoutGoingBack() {
        List<Progress> seen = Collections.synchronizedList(new ArrayList<>());
        try (SqlWorkspace ws = workspace()) {
            ws.progress(seen::add);
            String digits = "(SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) t(x))";
            long rows = ws.copy("SELECT a.x * 100000 + b.x * 10000 + c.x * 1000 + d.x * 100 + e.x * 10 + f.x AS n FROM "
                    + digits + " a, " + digits + " b, " + digits + " c, " + digits + " d, " + digits + " e, " + digits + " f",
                    temp.resolve("n.parquet"), FileFormat.PARQUET);
            assertThat(rows).isEqualTo(1_000_000);
        }
        assertThat(seen).isNotEmpty().allSatisfy(p -> {
            assertThat(p.unit()).isEqualTo(Progress.Unit.PERCENT);
            assertThat(p.total()).isEqualTo(100);
            assertThat(p.done()).isBetween(0L, 100L);
        });
        assertThat(seen).extracting(Progress::done).isSorted();
        assertThat(seen.get(seen.size() - 1).done()).isEqualTo(100);
    }

    @Test
    void signalsAStatementThatRunsOutOfMemoryAndStaysUsable() throws Exception {
        try (SqlRuntime tight = openRuntime("32MB"); SqlWorkspace ws = tight.workspace("wide.csv", temp.resolve("tight"))) {
            String digits = "(SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) t(x))";
            // an exact median holds the whole column: ten million doubles do not fit in 32 MB
            String median = "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY a.x * 1000000 + b.x * 100000 + c.x * 10000"
                    + " + d.x * 1000 + e.x * 100 + f.x * 10 + g.x + 0.5) FROM " + digits + " a, " + digits + " b, " + digits
                    + " c, " + digits + " d, " + digits + " e, " + digits + " f, " + digits + " g";
            assertThatThrownBy(() -> ws.query(median)).isInstanceOf(SqlMemoryLimitException.class)
                    .hasMessageStartingWith("wide.csv: ");
            assertThat(ws.query("SELECT 1 + 1").getLong(0, 0)).isEqualTo(2);
        }
    }

    @Test
    void answersItsHealthCheckAndDescribesItself() {
        Health h = runtime.health();
        assertThat(h.status()).isEqualTo(Health.Status.UP);
        assertThat(h.message()).isNotBlank();
        assertThat(runtime.describe()).isNotBlank();
    }
}
