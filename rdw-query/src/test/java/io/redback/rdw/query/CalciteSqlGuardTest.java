package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.spi.TableReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CalciteSqlGuardTest {

    private final SqlGuard guard = new CalciteSqlGuard();

    // ---- verdicts -------------------------------------------------------------------------------------------

    static Stream<Arguments> allowedQueries() {
        return Stream.of(
                arguments("SELECT * FROM t", "SELECT"),
                arguments("select a, b from s.t where a > 1", "SELECT"),
                arguments("SELECT 1", "SELECT"),
                arguments("WITH c AS (SELECT a FROM t) SELECT * FROM c", "WITH"),
                arguments("WITH c AS (SELECT 1 AS x), d AS (SELECT x FROM c) SELECT * FROM d ORDER BY x", "WITH"),
                arguments("SELECT comment, \"comment\" FROM t", "SELECT"),
                arguments("SELECT \"set\", \"SET\" FROM t", "SELECT"),
                arguments("SELECT REPLACE(a, 'x', 'y') FROM t", "SELECT"),
                arguments("SELECT 'DROP TABLE x; DELETE FROM y' AS s FROM t", "SELECT"),
                arguments("SELECT * FROM t WHERE a = 'it''s; DROP TABLE x'", "SELECT"),
                arguments("-- leading comment\nSELECT 1 /* inline; DROP TABLE t */ -- trailing", "SELECT"),
                arguments("/* DELETE FROM t */ SELECT 1", "SELECT"),
                arguments("SELECT * FROM t;", "SELECT"),
                arguments("SELECT * FROM t ;  \n", "SELECT"),
                arguments("SELECT 1;;", "SELECT"),
                arguments("SELECT a FROM t UNION SELECT a FROM u", "UNION"),
                arguments("SELECT a FROM t UNION ALL SELECT a FROM u", "UNION"),
                arguments("SELECT a FROM t INTERSECT SELECT a FROM u", "INTERSECT"),
                arguments("SELECT a FROM t EXCEPT SELECT a FROM u", "EXCEPT"),
                arguments("VALUES (1, 'a'), (2, 'b')", "VALUES"),
                arguments("SELECT * FROM t ORDER BY a DESC LIMIT 10 OFFSET 5", "SELECT"),
                arguments("SELECT * FROM t OFFSET 5 ROWS FETCH NEXT 10 ROWS ONLY", "SELECT"),
                arguments("SELECT a FROM t UNION SELECT a FROM u ORDER BY 1 LIMIT 3", "UNION"),
                arguments("SELECT * FROM t JOIN u ON t.id = u.id LEFT JOIN v USING (id)", "SELECT"),
                arguments("SELECT * FROM t WHERE id IN (SELECT id FROM u WHERE EXISTS (SELECT 1 FROM v))", "SELECT"),
                arguments("SELECT a, row_number() OVER (PARTITION BY b ORDER BY c) AS rn FROM t", "SELECT"),
                arguments("SELECT CASE WHEN a > 1 THEN 'big' ELSE 'small' END FROM t", "SELECT"),
                arguments("SELECT CAST(a AS VARCHAR), CAST(b AS DECIMAL(10, 2)) FROM t", "SELECT"),
                arguments("SELECT * FROM t WHERE a != b AND c <> d", "SELECT"),
                arguments("SELECT b, count(*) FROM t GROUP BY b HAVING count(*) > 1", "SELECT"),
                // DuckDB's range table function, although RANGE is Calcite's keyword; window frames still parse
                arguments("SELECT * FROM range(1000000)", "SELECT"),
                arguments("SELECT range, r.range FROM range(3) r WHERE range > 1 ORDER BY range", "SELECT"),
                arguments("SELECT count(*) FROM RANGE (10) r JOIN range(5) s ON r.x = s.x", "SELECT"),
                arguments("SELECT sum(a) OVER (ORDER BY b RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t", "SELECT"));
    }

    @ParameterizedTest
    @MethodSource("allowedQueries")
    void allowsReadOnlyQueries(String sql, String kind) {
        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(checked.check().kind()).isEqualTo(kind);
        assertThat(checked.check().reason()).isEqualTo("allowed");
        assertThat(checked.sql()).isSameAs(sql);
    }

    static Stream<Arguments> forbiddenStatements() {
        return Stream.of(
                // parsed by Calcite, refused by kind
                arguments("INSERT INTO t VALUES (1)", "INSERT"),
                arguments("INSERT INTO t SELECT * FROM u", "INSERT"),
                arguments("UPDATE t SET a = 1 WHERE b = 2", "UPDATE"),
                arguments("DELETE FROM t WHERE a = 1", "DELETE"),
                arguments("MERGE INTO t USING u ON t.id = u.id WHEN MATCHED THEN UPDATE SET a = u.a", "MERGE"),
                arguments("SET a = 1", "SET"),
                arguments("RESET a", "RESET"),
                arguments("ALTER SESSION SET a = 1", "ALTER SESSION"),
                arguments("ALTER SYSTEM SET a = 1", "ALTER SYSTEM"),
                arguments("ALTER SYSTEM RESET a", "ALTER SYSTEM"),
                arguments("EXPLAIN PLAN FOR SELECT * FROM t", "EXPLAIN"),
                arguments("DESCRIBE t", "DESCRIBE"),
                arguments("CALL p(1)", "CALL"),
                // not parsed by Calcite, named by their first words as Dremio names them
                arguments("DROP TABLE t", "DROP TABLE"),
                arguments("CREATE TABLE t (a INT)", "CREATE TABLE"),
                arguments("CREATE VIEW v AS SELECT * FROM t", "CREATE VIEW"),
                arguments("CREATE TABLE t AS SELECT * FROM u", "CREATE TABLE"),
                arguments("ALTER TABLE t ADD COLUMN c INT", "ALTER TABLE"),
                arguments("TRUNCATE TABLE t", "TRUNCATE"),
                arguments("GRANT SELECT ON t TO bob", "GRANT"),
                arguments("REVOKE SELECT ON t FROM bob", "REVOKE"),
                arguments("USE s", "USE"),
                arguments("COPY INTO t FROM 's3://bucket/x.csv'", "COPY INTO"),
                arguments("OPTIMIZE TABLE t", "OPTIMIZE"),
                arguments("VACUUM TABLE t", "VACUUM"),
                arguments("ROLLBACK", "ROLLBACK"),
                arguments("ANALYZE TABLE t COMPUTE STATISTICS", "ANALYZE"),
                arguments("REFRESH REFLECTION r", "REFRESH"),
                arguments("-- sneaky\n /* still sneaky */ drop table t", "DROP TABLE"),
                // stacked: the parser stops at DROP once the SELECT before it parsed
                arguments("SELECT 1; DROP TABLE t", "DROP TABLE"),
                arguments("SELECT * FROM t;\nTRUNCATE TABLE t", "TRUNCATE"));
    }

    @ParameterizedTest
    @MethodSource("forbiddenStatements")
    void refusesEverythingElseNamingTheKind(String sql, String kind) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo(kind);
        assertThat(check.reason()).contains(kind + " statements").contains("only read-only queries");
        assertThat(check.tables()).isEmpty();
    }

    @Test
    void wordsDataChangesAndSettingsDistinctly() {
        assertThat(guard.check("INSERT INTO t VALUES (1)").check().reason()).isEqualTo(
                "INSERT statements change data; only read-only queries (SELECT, WITH, VALUES, set operations)"
                        + " are allowed");
        assertThat(guard.check("ALTER SESSION SET a = 1").check().reason()).contains("change settings");
        assertThat(guard.check("DROP TABLE t").check().reason()).isEqualTo(
                "DROP TABLE statements are not allowed: only read-only queries (SELECT, WITH, VALUES, set operations)"
                        + " are allowed");
    }

    @Test
    void refusesMoreThanOneStatement() {
        for (String sql : List.of("SELECT 1; SELECT 2", "SELECT 1; INSERT INTO t VALUES (1)", "SELECT 1;;SELECT 2;")) {
            QueryCheck check = guard.check(sql).check();
            assertThat(check.allowed()).isFalse();
            assertThat(check.kind()).isEqualTo("MULTIPLE");
            assertThat(check.reason()).isEqualTo("2 statements; only one query is allowed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t", "-- only a comment", "/* only a comment */"})
    void refusesEmptyStatements(String sql) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("EMPTY");
        assertThat(check.reason()).isEqualTo("empty statement");
    }

    @Test
    void refusesNullWithoutThrowing() {
        CheckedQuery checked = guard.check(null);

        assertThat(checked.check().allowed()).isFalse();
        assertThat(checked.check().kind()).isEqualTo("EMPTY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello world", "SELECT FROM WHERE", "SELECT * FROM t WHERE", "SELECT 'unterminated",
            "SELECT 1 SELECT 2", "SELECT * FROM t AT BRANCH", "(((", "SELECT a INTO b FROM t", ";"})
    void refusesWhatDoesNotParseWithCalcitesPosition(String sql) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("UNPARSEABLE");
        assertThat(check.reason()).startsWith("SQL does not parse: ").containsPattern("line \\d+, column \\d+")
                .doesNotContain("\n");
    }

    @Test
    void refusesTooDeeplyNestedSqlWithoutThrowing() {
        String sql = "SELECT " + "(".repeat(5000) + "1" + ")".repeat(5000);

        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("UNPARSEABLE");
        assertThat(check.reason()).isEqualTo("SQL does not parse: the statement is nested too deeply");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM TABLE(external_query('pg', 'DELETE FROM users'))",
            "SELECT * FROM TABLE(EXTERNAL_QUERY('pg', 'SELECT 1'))",
            "SELECT * FROM src.external_query('DROP TABLE x')",
            "SELECT \"external_query\"('pg', 'x')",
            "SELECT * FROM t WHERE a IN (SELECT b FROM TABLE(External_Query('pg', 'x')))"})
    void refusesExternalQueryAnywhere(String sql) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("SELECT");
        assertThat(check.reason()).contains("external_query");
    }

    @Test
    void mentioningExternalQueryInATextIsFine() {
        assertThat(guard.check("SELECT 'external_query(1)' AS external_query FROM t").check().allowed()).isTrue();
    }

    @Test
    void isRegisteredAsAService() {
        assertThat(ServiceLoader.load(SqlGuard.class).stream().map(ServiceLoader.Provider::type))
                .contains(CalciteSqlGuard.class);
    }

    // ---- table references -----------------------------------------------------------------------------------

    @Test
    void readsAQuotedPathWithAnAlias() {
        String sql = "SELECT * FROM \"a\".\"b\" x";

        CheckedQuery checked = guard.check(sql);

        assertThat(checked.tables()).containsExactly(new TableReference(List.of("a", "b"), 14, 21, TableReference.Alias.GIVEN));
        assertThat(checked.check().tables()).containsExactly(List.of("a", "b"));
    }

    @Test
    void readsADatasetPathAsWritten() {
        String sql = "SELECT count(*) FROM \"dw-bucket-silver\".project1.\"2025\".\"rides.parquet\" AS r WHERE r.x > 1";

        TableReference table = single(sql);

        assertThat(table.path()).containsExactly("dw-bucket-silver", "project1", "2025", "rides.parquet");
        assertThat(text(sql, table)).isEqualTo("\"dw-bucket-silver\".project1.\"2025\".\"rides.parquet\"");
        assertThat(table.hasAlias()).isTrue();
    }

    @Test
    void keepsCaseAndEscapedQuotes() {
        String sql = "SELECT * FROM Sales.\"Q\"\"1\"";

        TableReference table = single(sql);

        assertThat(table.path()).containsExactly("Sales", "Q\"1");
        assertThat(text(sql, table)).isEqualTo("Sales.\"Q\"\"1\"");
        assertThat(table.hasAlias()).isFalse();
    }

    @Test
    void coversTheWholeIdentifierEvenWithSpacesAroundTheDots() {
        String sql = "SELECT * FROM \"a\" . \"b\"";

        assertThat(text(sql, single(sql))).isEqualTo("\"a\" . \"b\"");
    }

    @Test
    void findsTablesInEveryFromPositionInTextOrder() {
        String sql = """
                WITH recent AS (SELECT * FROM s.rides WHERE d > DATE '2025-01-01')
                SELECT (SELECT max(v) FROM s.limits) AS lim, r.*
                FROM recent r
                  JOIN s.zones z ON r.zone = z.id
                  LEFT JOIN (SELECT * FROM s.weather) w ON w.dt = r.d
                  CROSS JOIN LATERAL (SELECT * FROM s.events e WHERE e.zone = z.id)
                WHERE r.id IN (SELECT id FROM s.flags)
                  AND EXISTS (SELECT 1 FROM s.audit)
                GROUP BY r.zone HAVING count(*) > (SELECT count(*) FROM s.minimums)
                UNION ALL
                SELECT * FROM s.archive""";

        List<TableReference> tables = guard.check(sql).tables();

        assertThat(tables).extracting(TableReference::path).containsExactly(
                List.of("s", "rides"), List.of("s", "limits"), List.of("s", "zones"),
                List.of("s", "weather"), List.of("s", "events"), List.of("s", "flags"), List.of("s", "audit"),
                List.of("s", "minimums"), List.of("s", "archive"));
        assertThat(tables).extracting(TableReference::hasAlias).containsExactly(
                false, false, true, false, true, false, false, false, false);
        tables.forEach(t -> assertThat(text(sql, t)).isEqualTo(String.join(".", t.path())));
    }

    @Test
    void leavesOutCteNamesReadInFrom() {
        String sql = "WITH c AS (SELECT * FROM s.t) SELECT * FROM c";

        assertThat(guard.check(sql).check().tables()).containsExactly(List.of("s", "t"));
    }

    @Test
    void listsEachPathOnceInTheVerdictButEveryOccurrenceAsAReference() {
        String sql = "SELECT * FROM s.t a JOIN s.t b ON a.id = b.parent";

        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().tables()).containsExactly(List.of("s", "t"));
        assertThat(checked.tables()).extracting(TableReference::start).containsExactly(14, 25);
    }

    @Test
    void findsTablesThroughCommaJoinsAliasesWithColumnsHintsAndWrappers() {
        String sql = "SELECT * FROM s.a, s.b AS bb (x, y), s.c /*+ some_hint */, s.d TABLESAMPLE SYSTEM(10), "
                + "s.e FOR SYSTEM_TIME AS OF TIMESTAMP '2025-01-01 00:00:00' AS ee, s.f PIVOT (sum(v) FOR k IN (1, 2)) p";

        List<TableReference> tables = guard.check(sql).tables();

        assertThat(tables).extracting(TableReference::path).containsExactly(
                List.of("s", "a"), List.of("s", "b"), List.of("s", "c"), List.of("s", "d"), List.of("s", "e"),
                List.of("s", "f"));
        assertThat(tables).extracting(TableReference::hasAlias).containsExactly(
                false, true, false, false, true, false);
        tables.forEach(t -> assertThat(text(sql, t)).isEqualTo(String.join(".", t.path())));
    }

    @Test
    void findsExplicitTablesInSetOperationsAndSubqueries() {
        String sql = "SELECT * FROM s.a WHERE x IN (TABLE s.b) UNION TABLE s.c";

        assertThat(guard.check(sql).tables()).extracting(TableReference::path)
                .containsExactly(List.of("s", "a"), List.of("s", "b"), List.of("s", "c"));
    }

    @Test
    void tableFunctionsNameNoTableButTheirSubqueriesDo() {
        assertThat(guard.check("SELECT * FROM TABLE(s.fn(1, 'x'))").tables()).isEmpty();
        assertThat(guard.check("SELECT * FROM TABLE(fn(CURSOR(SELECT * FROM s.t)))").check().tables())
                .containsExactly(List.of("s", "t"));
        assertThat(guard.check("SELECT * FROM UNNEST(ARRAY[1, 2]) AS u (n)").tables()).isEmpty();
        assertThat(guard.check("VALUES (1)").tables()).isEmpty();
    }

    @Test
    void columnsAndAliasesAreNotTables() {
        assertThat(guard.check("SELECT t.a AS b, s.t.c FROM s.t WHERE d = e").check().tables())
                .containsExactly(List.of("s", "t"));
    }

    // ---- offsets in the original text -----------------------------------------------------------------------

    static Stream<Arguments> textBeforeTheTable() {
        return Stream.of(
                arguments("tabs", "\tSELECT\t*\tFROM\t", ""),
                arguments("several lines", "SELECT a,\n  b\nFROM\n    ", "\nWHERE a = 1"),
                arguments("CRLF", "SELECT a,\r\n  b\r\nFROM\r\n  ", "\r\nWHERE a = 1"),
                arguments("lone CR", "SELECT a,\r  b\rFROM\r  ", "\rWHERE a = 1"),
                arguments("LF CR as two breaks", "SELECT a\n\rFROM ", ""),
                arguments("comments", "/* a\n block */ SELECT -- line comment\n * FROM /* here */ ", " -- after"),
                arguments("accented text", "SELECT 'café', 'naïve' AS \"Größe\" FROM ", ""),
                arguments("CJK text", "SELECT '数据仓库' FROM ", ""),
                arguments("emoji in a literal", "SELECT '\uD83D\uDE00\uD83D\uDE80' AS e FROM ", " WHERE x = '\uD83D\uDE00'"),
                arguments("emoji on an earlier line", "SELECT '\uD83D\uDE00'\r\n, '\uD83C\uDF89'\nFROM\t", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textBeforeTheTable")
    void offsetsPointIntoTheOriginalText(String name, String before, String after) {
        for (String identifier : List.of("t", "s.t", "\"dw-bucket\".\"p1\".\"x.parquet\"", "\"\uD83D\uDE00\".t")) {
            String sql = before + identifier + after;

            TableReference table = single(sql);

            assertThat(table.start()).as(sql).isEqualTo(before.length());
            assertThat(table.end()).as(sql).isEqualTo(before.length() + identifier.length());
            assertThat(text(sql, table)).isEqualTo(identifier);
        }
    }

    @Test
    void offsetsOfSeveralTablesOnSeveralLines() {
        String sql = "SELECT *\r\nFROM \"a\".b x\r\n\tJOIN\n\t\"\uD83D\uDE00\".\"c\" y ON x.i = y.i\rJOIN d ON true";

        List<TableReference> tables = guard.check(sql).tables();

        assertThat(tables).extracting(t -> text(sql, t)).containsExactly("\"a\".b", "\"\uD83D\uDE00\".\"c\"", "d");
        assertThat(tables).extracting(TableReference::hasAlias).containsExactly(true, true, false);
    }

    private TableReference single(String sql) {
        CheckedQuery checked = guard.check(sql);
        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(checked.tables()).hasSize(1);
        return checked.tables().get(0);
    }

    private static String text(String sql, TableReference table) {
        return sql.substring(table.start(), table.end());
    }
}
