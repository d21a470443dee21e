package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryPolicy;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CalciteSqlGuardScopeTest {

    private static final QueryPolicy TEAM =
            new QueryPolicy(List.of(List.of("team"), List.of("shared", "lookup")), QueryPolicy.SystemTables.DENY);
    private static final QueryPolicy NO_SYSTEM = new QueryPolicy(List.of(), QueryPolicy.SystemTables.DENY);

    private final SqlGuard guard = new CalciteSqlGuard();

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM team.t",
            "SELECT * FROM team.sub.\"t.parquet\"",
            "SELECT * FROM \"TEAM\".t",
            "SELECT * FROM shared.lookup.codes JOIN team.t ON TRUE",
            "SELECT * FROM team.t AT BRANCH main",
            "TABLE team.t",
            "VALUES (1)",
            "SELECT 1",
            "WITH c AS (SELECT * FROM team.t) SELECT * FROM c",
            "WITH c AS (SELECT * FROM team.t) SELECT * FROM C",
            "WITH c AS (SELECT * FROM team.t), d AS (SELECT * FROM c) SELECT * FROM d JOIN c ON TRUE",
            "WITH c AS (SELECT 1 AS x) SELECT * FROM team.t WHERE a IN (SELECT x FROM c)",
            "WITH c AS (SELECT 1 AS x) SELECT * FROM (WITH d AS (SELECT * FROM c) SELECT * FROM d) q",
            "WITH \"secret\" AS (SELECT * FROM team.t) SELECT * FROM secret",
            "WITH c AS (SELECT 1 AS x) TABLE c"})
    void allowsWhatIsInScopeAndCteNames(String sql) {
        CheckedQuery checked = guard.check(sql, TEAM);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        checked.check().tables().forEach(path -> assertThat(TEAM.refusal(path)).isNull());
    }

    static Stream<Arguments> outOfScope() {
        return Stream.of(
                arguments("SELECT * FROM other.t", "SELECT", List.of("other", "t")),
                arguments("SELECT * FROM t", "SELECT", List.of("t")),
                arguments("SELECT * FROM \"team.t\"", "SELECT", List.of("team.t")),
                arguments("SELECT * FROM shared.codes", "SELECT", List.of("shared", "codes")),
                arguments("SELECT * FROM shared", "SELECT", List.of("shared")),
                arguments("SELECT * FROM team.t WHERE a IN (SELECT a FROM other.t)", "SELECT", List.of("other", "t")),
                arguments("SELECT (SELECT MAX(a) FROM other.t) FROM team.t", "SELECT", List.of("other", "t")),
                arguments("SELECT * FROM team.t UNION ALL SELECT * FROM other.t", "UNION", List.of("other", "t")),
                arguments("TABLE other.t", "TABLE", List.of("other", "t")),
                arguments("SELECT * FROM other.t AT BRANCH main", "SELECT", List.of("other", "t")),
                arguments("WITH c AS (SELECT * FROM other.t) SELECT * FROM c", "WITH", List.of("other", "t")),
                // a CTE's name is not in scope in its own definition, even under RECURSIVE
                arguments("WITH secret AS (SELECT * FROM secret) SELECT * FROM secret", "WITH", List.of("secret")),
                arguments("WITH RECURSIVE secret AS (SELECT * FROM secret) SELECT * FROM secret", "WITH",
                        List.of("secret")),
                // nor in the items before it
                arguments("WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a", "WITH", List.of("b")),
                // nor outside the WITH that defines it
                arguments("SELECT * FROM (WITH c AS (SELECT 1 AS x) SELECT * FROM c) q JOIN c ON TRUE", "SELECT",
                        List.of("c")),
                // a CTE name only stands for a one-part name
                arguments("WITH other AS (SELECT 1 AS x) SELECT * FROM other.t", "WITH", List.of("other", "t")),
                // system tables
                arguments("SELECT * FROM sys.jobs", "SELECT", List.of("sys", "jobs")),
                arguments("SELECT * FROM \"sys\".\"reflections\"", "SELECT", List.of("sys", "reflections")),
                arguments("SELECT * FROM SYS.\"jobs_recent\"", "SELECT", List.of("SYS", "jobs_recent")),
                arguments("SELECT * FROM INFORMATION_SCHEMA.\"TABLES\"", "SELECT",
                        List.of("INFORMATION_SCHEMA", "TABLES")),
                arguments("SELECT * FROM information_schema.columns", "SELECT",
                        List.of("information_schema", "columns")));
    }

    @ParameterizedTest
    @MethodSource("outOfScope")
    void refusesAnyDatasetOutsideTheScopeWithThePolicysReason(String sql, String kind, List<String> path) {
        CheckedQuery checked = guard.check(sql, TEAM);

        assertThat(checked.check().allowed()).isFalse();
        assertThat(checked.check().kind()).isEqualTo(kind);
        assertThat(checked.check().reason()).isEqualTo(TEAM.refusal(path));
        assertThat(checked.tables()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM TABLE(table_history('other.t'))",
            "SELECT * FROM TABLE(table_snapshot('team.t'))",
            "SELECT * FROM TABLE(team.my_udf(1))",
            "SELECT * FROM team.my_udf(1)",
            "SELECT * FROM team.t, LATERAL TABLE(team.split(t.a))",
            "SELECT * FROM team.t WHERE a IN (SELECT a FROM TABLE(table_files('team.t')))"})
    void refusesTableFunctionsUnderAScope(String sql) {
        QueryCheck check = guard.check(sql, TEAM).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("SELECT");
        assertThat(check.reason()).startsWith("table functions (TABLE(...)) are not allowed under a scope policy");
    }

    @Test
    void allowsTableFunctionsWithoutAScope() {
        for (QueryPolicy policy : List.of(QueryPolicy.OPEN, NO_SYSTEM)) {
            assertThat(guard.check("SELECT * FROM TABLE(table_history('other.t'))", policy).check().allowed())
                    .isTrue();
        }
    }

    @Test
    void deniesSystemTablesOnTheirOwnButNothingElse() {
        assertThat(guard.check("SELECT * FROM sys.jobs", NO_SYSTEM).check().reason())
                .isEqualTo("system table sys.jobs is not readable under this policy");
        assertThat(guard.check("SELECT * FROM \"information_schema\".\"SCHEMATA\"", NO_SYSTEM).check().allowed())
                .isFalse();
        assertThat(guard.check("SELECT * FROM other.t JOIN t ON TRUE", NO_SYSTEM).check().allowed()).isTrue();
        assertThat(guard.check("SELECT * FROM sys.jobs", QueryPolicy.OPEN).check().allowed()).isTrue();
    }

    @Test
    void anOpenPolicyChecksNothingBeyondReadOnly() {
        String sql = "SELECT * FROM t JOIN other.u ON TRUE";

        assertThat(guard.check(sql, QueryPolicy.OPEN)).isEqualTo(guard.check(sql));
        assertThat(guard.check(sql).check().tables()).containsExactly(List.of("t"), List.of("other", "u"));
    }

    @Test
    void aStatementThatIsNotAQueryIsRefusedForWhatItIsBeforeItsScope() {
        QueryCheck check = guard.check("DROP TABLE other.t", TEAM).check();

        assertThat(check.kind()).isEqualTo("DROP TABLE");
    }

    @Test
    void reportsCteNamesNeitherAsDatasetsNorAsReferences() {
        String sql = "WITH c AS (SELECT * FROM team.t) SELECT * FROM c JOIN team.u ON TRUE";

        CheckedQuery checked = guard.check(sql, TEAM);

        assertThat(checked.check().tables()).containsExactly(List.of("team", "t"), List.of("team", "u"));
        assertThat(checked.tables()).extracting(t -> sql.substring(t.start(), t.end()))
                .containsExactly("team.t", "team.u");
    }
}
