package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.spi.TableReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CalciteSqlGuardTimeTravelTest {

    private final SqlGuard guard = new CalciteSqlGuard();

    @ParameterizedTest
    @ValueSource(strings = {
            "AT BRANCH main", "AT TAG v1", "AT COMMIT \"ff2fe50fef5a030c\"", "AT REF x", "AT REFERENCE \"x-1\"",
            "AT SNAPSHOT '4593468819579153853'", "AT TIMESTAMP '2024-01-01 00:00:00'",
            "AT BRANCH main AS OF TIMESTAMP '2024-01-01 00:00:00'", "at\r\n  tag\tv1"})
    void offsetsAfterAMaskedClauseStayExact(String clause) {
        String sql = "SELECT *\nFROM \"src\".a " + clause + " AS x\r\n  JOIN \"\uD83D\uDE00\".b " + clause
                + " y ON x.i = y.i\n  JOIN s.c ON TRUE WHERE x.v = 'AT BRANCH main'";

        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).as(checked.check().reason()).isTrue();
        assertThat(checked.sql()).isSameAs(sql);
        String said = clause.strip().replaceAll("\\s+", " ");
        assertThat(checked.tables()).containsExactly(
                at(reference(sql, "\"src\".a", List.of("src", "a"), true), sql, said),
                at(reference(sql, "\"\uD83D\uDE00\".b", List.of("\uD83D\uDE00", "b"), true), sql, said),
                reference(sql, "s.c", List.of("s", "c"), false));
    }

    @Test
    void offsetsOfTablesInsideAndAfterSeveralClausesOnOneLine() {
        String sql = "SELECT * FROM a AT TAG v1 JOIN b AT SNAPSHOT '7' ON a.x = b.x, c AT BRANCH \"dev\" WHERE 1 = 1";

        assertThat(guard.check(sql).tables()).extracting(t -> sql.substring(t.start(), t.end()))
                .containsExactly("a", "b", "c");
        assertThat(guard.check(sql).tables()).extracting(TableReference::start).containsExactly(14, 31, 63);
    }

    @Test
    void aClauseInADroppedTableIsStillADropTable() {
        QueryCheck check = guard.check("DROP TABLE t AT BRANCH main").check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("DROP TABLE");
        assertThat(check.reason()).startsWith("DROP TABLE statements are not allowed");
    }

    @Test
    void aClauseInAStringIsText() {
        String sql = "SELECT 'AT BRANCH x' FROM t";

        CheckedQuery checked = guard.check(sql);

        assertThat(checked.check().allowed()).isTrue();
        assertThat(checked.tables()).containsExactly(new TableReference(List.of("t"), 26, 27, TableReference.Alias.NONE));
    }

    @Test
    void aQuotedAtIsAnIdentifier() {
        CheckedQuery checked = guard.check("SELECT \"AT\" FROM t");

        assertThat(checked.check().allowed()).isTrue();
        assertThat(checked.check().tables()).containsExactly(List.of("t"));
        assertThat(guard.check("SELECT * FROM \"AT\" \"BRANCH\"").check().tables()).containsExactly(List.of("AT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT * FROM t AT BRANCH", "SELECT * FROM t AT BRANCH 1", "SELECT * FROM t AT VERSION v",
            "SELECT * FROM t AT TIMESTAMP now()", "SELECT * FROM t AT 'main'", "SELECT * FROM t AT BRANCH main AS OF x",
            "SELECT * FROM t AT BRANCH main AT TAG v1", "SELECT 1 AT BRANCH main", "SELECT a AT TAG v1 FROM t",
            "SELECT * FROM t AS x AT BRANCH main", "SELECT * FROM (SELECT 1) AT BRANCH main",
            "WITH c AS (SELECT 1) SELECT * FROM c AT BRANCH main", "AT BRANCH main SELECT * FROM t",
            "SELECT * FROM TABLE(table_history('t')) AT SNAPSHOT '1'"})
    void anythingUnusualIsRefusedAsUnparseable(String sql) {
        QueryCheck check = guard.check(sql).check();

        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("UNPARSEABLE");
        assertThat(check.reason()).startsWith("SQL does not parse: ").containsPattern("line \\d+, column \\d+");
    }

    @Test
    void aMisplacedClauseIsReportedWhereItIs() {
        assertThat(guard.check("SELECT a\n  AT TAG v1 FROM t").check().reason())
                .isEqualTo("SQL does not parse: AT TAG v1 must directly follow a table name, at line 2, column 3");
    }

    /** The reference read at the clause that follows it: the clause said once, its end past the written clause. */
    private static TableReference at(TableReference ref, String sql, String said) {
        int end = ref.end() + 1;
        String written = sql.substring(end);
        int length = 0;
        for (String word : said.split(" ")) {
            length = written.indexOf(word, length) + word.length();
        }
        return ref.at(said, end + length);
    }

    private static TableReference reference(String sql, String text, List<String> path, boolean alias) {
        int start = sql.indexOf(text);
        return new TableReference(path, start, start + text.length(), alias ? TableReference.Alias.GIVEN : TableReference.Alias.NONE);
    }
}
