package io.redback.rdw.tck;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryPolicy;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.spi.TableReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.entry;

/**
 * What every {@link SqlGuard} must do: allow one read-only query (SELECT, WITH, VALUES, a set operation,
 * {@code TABLE t}), refuse every other statement with its kind and a reason and without throwing, name the datasets an
 * allowed query reads with the offsets of each identifier in the text and whether it has an alias, and apply a
 * {@link QueryPolicy}: the team's scope and the system tables. The statements are written in the dialect rdw's
 * queries use (double-quoted identifiers whose case is kept, as in Dremio).
 */
public abstract class SqlGuardContract {
    protected SqlGuard guard;

    /** The guard under test. */
    protected abstract SqlGuard createGuard() throws Exception;

    @BeforeEach
    void openGuard() throws Exception {
        guard = createGuard();
    }

    private QueryCheck check(String sql) {
        return guard.check(sql).check();
    }

    @Test
    void allowsOneReadOnlyQueryOfEachKind() {
        Map<String, String> queries = Map.of(
                "SELECT a, count(*) FROM \"dw-bucket-silver\".\"p1\".\"rides.parquet\" WHERE b > 1 GROUP BY a", "SELECT",
                "WITH r AS (SELECT * FROM lake.rides) SELECT count(*) FROM r", "WITH",
                "VALUES (1, 'a'), (2, 'b')", "VALUES",
                "SELECT a FROM lake.rides UNION SELECT a FROM lake.devices", "UNION",
                "TABLE lake.rides", "TABLE",
                "SELECT 1", "SELECT");
        queries.forEach((sql, kind) -> {
            QueryCheck c = check(sql);
            assertThat(c.verdict()).as(sql + ": " + c.reason()).isEqualTo(QueryCheck.Verdict.ALLOWED);
            assertThat(c.kind()).as(sql).isEqualTo(kind);
        });
        assertThat(check("SELECT * FROM lake.rides ORDER BY a LIMIT 10").allowed()).isTrue();
        assertThat(check("select *\n  from lake.rides\n where a = 'DROP TABLE x' -- DELETE FROM y\n").allowed()).isTrue();
    }

    @Test
    void refusesEveryStatementThatIsNotAQueryWithItsKindAndAReason() {
        Map<String, String> statements = Map.ofEntries(
                entry("INSERT INTO lake.rides VALUES (1)", "INSERT"),
                entry("UPDATE lake.rides SET a = 1", "UPDATE"),
                entry("DELETE FROM lake.rides", "DELETE"),
                entry("MERGE INTO lake.rides r USING lake.x s ON r.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b", "MERGE"),
                entry("DROP TABLE lake.rides", "DROP TABLE"),
                entry("DROP VIEW analytics.rides", "DROP VIEW"),
                entry("CREATE TABLE lake.copy AS SELECT * FROM lake.rides", "CREATE TABLE"),
                entry("CREATE VIEW analytics.v AS SELECT * FROM lake.rides", "CREATE VIEW"),
                entry("ALTER TABLE lake.rides ADD COLUMNS (c INT)", "ALTER TABLE"),
                entry("TRUNCATE TABLE lake.rides", "TRUNCATE"),
                entry("SET a = 1", "SET"),
                entry("ALTER SESSION SET a = 1", "ALTER SESSION"),
                entry("USE lake", "USE"),
                entry("GRANT SELECT ON TABLE lake.rides TO USER bob", "GRANT"));
        statements.forEach((sql, kind) -> assertRefused(sql, kind));
    }

    @Test
    void refusesStackedStatementsEvenWhenEachIsAQuery() {
        assertRefused("SELECT 1; SELECT 2", "MULTIPLE");
        assertRefused("SELECT * FROM lake.rides; SELECT * FROM lake.devices;", "MULTIPLE");
        for (String sql : List.of("SELECT * FROM lake.rides; DROP TABLE lake.rides",
                "SELECT * FROM lake.rides; INSERT INTO lake.rides VALUES (1)", "SELECT 1;\nUSE lake")) {
            QueryCheck c = check(sql);
            assertThat(c.allowed()).as(sql).isFalse();
            assertThat(c.reason()).as("why " + sql + " is refused").isNotBlank();
        }
    }

    @Test
    void refusesWhatDoesNotParseWithoutThrowing() {
        for (String sql : List.of("SELEC 1", "SELECT FROM WHERE", "SELECT * FROM lake.rides WHERE (", "SELECT 'open",
                "SELECT \"open FROM t", "SELECT 1 /* open", "hello world")) {
            assertRefused(sql, "UNPARSEABLE");
        }
        for (String sql : List.of("", "   ", ";", "-- only a comment", "\u0000", "SELECT " + "(".repeat(2000) + "1")) {
            assertThatCode(() -> assertThat(check(sql).allowed()).as(sql).isFalse()).doesNotThrowAnyException();
        }
    }

    private void assertRefused(String sql, String kind) {
        CheckedQuery checked = guard.check(sql);
        assertThat(checked.check().verdict()).as(sql).isEqualTo(QueryCheck.Verdict.REFUSED);
        assertThat(checked.check().kind()).as("kind of " + sql).isEqualTo(kind);
        assertThat(checked.check().reason()).as("reason for " + sql).isNotBlank().isNotEqualTo("allowed");
        assertThat(checked.tables()).as("a refused statement names no dataset to run").isEmpty();
    }

    @Test
    void namesEachDatasetWithTheOffsetsOfItsIdentifier() {
        String sql = "SELECT r.a, d.b\nFROM \"dw-bucket-silver\".\"p1\".\"2025\".\"rides.parquet\" AS r\n"
                + "  JOIN lake.devices d ON r.id = d.id\nWHERE r.x IN (SELECT x FROM \"lake\".\"we\"\"ird\")";
        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(written(checked)).containsExactlyInAnyOrder(
                "\"dw-bucket-silver\".\"p1\".\"2025\".\"rides.parquet\"", "lake.devices", "\"lake\".\"we\"\"ird\"");
        assertThat(paths(checked)).containsExactlyInAnyOrder(List.of("dw-bucket-silver", "p1", "2025", "rides.parquet"),
                List.of("lake", "devices"), List.of("lake", "we\"ird"));
        assertThat(alias(checked, "devices")).isEqualTo(TableReference.Alias.GIVEN);
        assertThat(alias(checked, "rides.parquet")).isEqualTo(TableReference.Alias.GIVEN);
        assertThat(alias(checked, "we\"ird")).isEqualTo(TableReference.Alias.NONE);
        assertThat(checked.check().tables()).containsExactlyInAnyOrderElementsOf(paths(checked));
        assertThat(checked.sql()).isEqualTo(sql);
    }

    @Test
    void namesEveryOccurrenceOfADatasetButNotACommonTableExpression() {
        String sql = "WITH recent AS (SELECT * FROM lake.rides WHERE speed > 1)\n"
                + "SELECT * FROM recent UNION ALL SELECT * FROM lake.rides\tr UNION ALL TABLE lake.devices";
        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(written(checked)).containsExactlyInAnyOrder("lake.rides", "lake.rides", "lake.devices");
        assertThat(checked.tables()).extracting(TableReference::start).doesNotHaveDuplicates();
        assertThat(checked.tables()).filteredOn(t -> t.start() > sql.indexOf("ALL SELECT"))
                .filteredOn(t -> t.path().equals(List.of("lake", "rides"))).singleElement()
                .satisfies(t -> assertThat(t.alias()).isEqualTo(TableReference.Alias.GIVEN));
        assertThat(checked.tables()).filteredOn(t -> t.start() < sql.indexOf("SELECT * FROM recent")).singleElement()
                .satisfies(t -> assertThat(t.alias()).isEqualTo(TableReference.Alias.NONE));
        assertThat(checked.check().tables()).containsExactlyInAnyOrder(List.of("lake", "rides"), List.of("lake", "devices"));
    }

    @Test
    void aQueryOfNoDatasetNamesNone() {
        assertThat(guard.check("SELECT 1 + 1, 'lake.rides' AS t").tables()).isEmpty();
        assertThat(guard.check("VALUES (1)").check().tables()).isEmpty();
    }

    /** The text each reference's offsets cut out of the statement. */
    private static List<String> written(CheckedQuery checked) {
        List<String> out = new ArrayList<>();
        for (TableReference t : checked.tables()) {
            assertThat(t.start()).as("start of " + t.path()).isBetween(0, checked.sql().length());
            assertThat(t.end()).as("end of " + t.path()).isBetween(t.start() + 1, checked.sql().length());
            out.add(checked.sql().substring(t.start(), t.end()));
        }
        return out;
    }

    private static List<List<String>> paths(CheckedQuery checked) {
        return checked.tables().stream().map(TableReference::path).toList();
    }

    private static TableReference.Alias alias(CheckedQuery checked, String last) {
        return checked.tables().stream().filter(t -> t.path().get(t.path().size() - 1).equals(last)).findFirst()
                .orElseThrow().alias();
    }

    @Test
    void withoutAPolicyEveryReadOnlyQueryMayRun() {
        String sql = "SELECT * FROM sys.jobs JOIN other.t ON TRUE";
        assertThat(guard.check(sql, QueryPolicy.OPEN).check().allowed()).isTrue();
        assertThat(guard.check(sql).check()).isEqualTo(guard.check(sql, QueryPolicy.OPEN).check());
    }

    @Test
    void aScopeAllowsOnlyDatasetsUnderItsPrefixesWhereverTheQueryNamesThem() {
        QueryPolicy team = new QueryPolicy(List.of(List.of("dw-bucket-silver", "p1"), List.of("shared")),
                QueryPolicy.SystemTables.ALLOW);
        for (String sql : List.of(
                "SELECT * FROM \"dw-bucket-silver\".\"p1\".\"2025\".\"rides.parquet\"",
                "SELECT * FROM \"DW-BUCKET-SILVER\".P1.rides", // segments compare without regard to case
                "SELECT * FROM shared.codes JOIN \"dw-bucket-silver\".p1.t ON TRUE",
                "WITH t AS (SELECT * FROM shared.codes) SELECT * FROM t",
                "SELECT 1")) {
            QueryCheck c = guard.check(sql, team).check();
            assertThat(c.allowed()).as(sql + ": " + c.reason()).isTrue();
        }
        Map<String, String> outside = Map.of(
                "SELECT * FROM \"dw-bucket-silver\".\"p2\".\"rides.parquet\"", "p2",
                "SELECT * FROM shared.codes JOIN other.t ON TRUE", "other",
                "SELECT * FROM shared.codes WHERE a IN (SELECT a FROM other.t)", "other",
                "WITH t AS (SELECT * FROM other.t) SELECT * FROM t", "other",
                "SELECT * FROM shared.codes UNION SELECT * FROM \"dw-bucket-silver\".rides", "rides",
                "SELECT * FROM rides", "rides");
        outside.forEach((sql, named) -> {
            CheckedQuery checked = guard.check(sql, team);
            assertThat(checked.check().allowed()).as(sql).isFalse();
            assertThat(checked.check().reason()).as("why " + sql + " is refused").contains(named);
            assertThat(checked.tables()).isEmpty();
        });
        assertThat(guard.check("SELECT * FROM other.t", team).check().kind()).isEqualTo("SELECT");
    }

    @Test
    void systemTablesAreRefusedWhenThePolicyDeniesThem() {
        QueryPolicy noSystem = new QueryPolicy(List.of(), QueryPolicy.SystemTables.DENY);
        Set<String> system = new LinkedHashSet<>(List.of("SELECT * FROM sys.jobs", "SELECT * FROM \"sys\".\"reflections\"",
                "SELECT * FROM INFORMATION_SCHEMA.\"TABLES\"", "SELECT * FROM lake.rides JOIN sys.jobs ON TRUE"));
        for (String sql : system) {
            QueryCheck c = guard.check(sql, noSystem).check();
            assertThat(c.allowed()).as(sql).isFalse();
            assertThat(c.reason()).as("why " + sql + " is refused").containsIgnoringCase("system");
            assertThat(guard.check(sql, QueryPolicy.OPEN).check().allowed()).as(sql + " with no policy").isTrue();
        }
        assertThat(guard.check("SELECT * FROM lake.sys", noSystem).check().allowed()).isTrue();
    }
}
