package io.redback.rdw.query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionClausesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "AT BRANCH main", "AT BRANCH \"feature-1\"", "AT BRANCH 'dev'", "at branch main", "AT TAG v1",
            "AT COMMIT \"a27940cda26712fabcfcf31f4db595e2c5381b549a49675709641a7724503df3\"", "AT REF x",
            "AT REFERENCE x", "AT SNAPSHOT '4593468819579153853'", "AT TIMESTAMP '2024-01-01 00:00:00'",
            "AT TIMESTAMP TIMESTAMP '2024-01-01 00:00:00'", "AT BRANCH main AS OF '2024-01-01 00:00:00'",
            "AT TAG v1 AS OF TIMESTAMP '2024-01-01'", "AT\n  BRANCH /* which */ main", "AT SNAPSHOT E'1\\'2'"})
    void masksEachFormWithSpacesOfTheSameLength(String clause) {
        String sql = "SELECT * FROM s.t " + clause + " WHERE a = 1";

        VersionClauses.Masked masked = VersionClauses.mask(sql);

        assertThat(masked.sql()).hasSameSizeAs(sql);
        assertThat(masked.sql().substring(18, 18 + clause.length()).strip()).isEmpty();
        assertThat(masked.sql().substring(0, 18)).isEqualTo(sql.substring(0, 18));
        assertThat(masked.sql().substring(18 + clause.length())).isEqualTo(" WHERE a = 1");
        assertThat(masked.clauses()).containsExactly(new VersionClauses.Clause(18, 18 + clause.length(), 17, clause));
    }

    @Test
    void keepsLineBreaksSoLinesAndColumnsStillMatch() {
        String sql = "SELECT * FROM t AT\r\nBRANCH\nmain\rWHERE a = 1";

        String masked = VersionClauses.mask(sql).sql();

        assertThat(masked).isEqualTo("SELECT * FROM t   \r\n      \n    \rWHERE a = 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'AT BRANCH x' FROM t", "SELECT \"AT\" FROM t", "SELECT \"AT\" \"BRANCH\" x FROM t",
            "SELECT 1 -- AT BRANCH x\nFROM t", "SELECT 1 /* AT TAG v */ FROM t", "SELECT 1 // AT TAG v\nFROM t",
            "SELECT * FROM t AT BRANCH", "SELECT * FROM t AT BRANCH 42", "SELECT * FROM t AT BRANCH (x)",
            "SELECT * FROM t AT VERSION x", "SELECT * FROM t AT TIMESTAMP now()", "SELECT * FROM t AT TIMESTAMP x",
            "SELECT * FROM t AT TIMESTAMP TIMESTAMP", "SELECT * FROM t AT 'main'", "SELECT * FROM t AT",
            "SELECT * FROM t FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'"})
    void leavesEverythingElseAsItIs(String sql) {
        VersionClauses.Masked masked = VersionClauses.mask(sql);

        assertThat(masked.sql()).isEqualTo(sql);
        assertThat(masked.clauses()).isEmpty();
    }

    @Test
    void leavesAnIncompleteAsOfInTheTextForTheParserToRefuse() {
        String sql = "SELECT * FROM t AT BRANCH main AS OF now()";

        assertThat(VersionClauses.mask(sql).sql()).isEqualTo("SELECT * FROM t                AS OF now()");
    }

    @Test
    void masksEveryClauseAndKeepsTheOtherTokens() {
        String sql = "SELECT * FROM a AT TAG v1 JOIN b AT SNAPSHOT '7' ON a.x = b.x";

        VersionClauses.Masked masked = VersionClauses.mask(sql);

        assertThat(masked.sql()).isEqualTo(sql.replace("AT TAG v1", " ".repeat(9))
                .replace("AT SNAPSHOT '7'", " ".repeat(15)));
        assertThat(masked.clauses()).extracting(VersionClauses.Clause::text)
                .containsExactly("AT TAG v1", "AT SNAPSHOT '7'");
        assertThat(masked.clauses()).extracting(VersionClauses.Clause::after).containsExactly(15, 32);
        assertThat(masked.tokens()).extracting(t -> sql.substring(t.start(), t.end())).containsExactly(
                "SELECT", "*", "FROM", "a", "JOIN", "b", "ON", "a", ".", "x", "=", "b", ".", "x");
    }

    @Test
    void aClauseAtTheStartHasNothingBeforeIt() {
        assertThat(VersionClauses.mask("AT BRANCH main").clauses())
                .containsExactly(new VersionClauses.Clause(0, 14, -1, "AT BRANCH main"));
    }

    @Test
    void tokenizesLiteralsIdentifiersAndCommentsLikeCalcite() {
        String sql = "SELECT 'it''s', E'a\\'b', \"q\"\"x\", 1.5e3 /* c /* d */ -- e\n// f\r$x";

        List<String> tokens = SqlTokens.of(sql).stream().map(t -> t.type() + ":" + sql.substring(t.start(), t.end()))
                .toList();

        assertThat(tokens).containsExactly("WORD:SELECT", "STRING:'it''s'", "SYMBOL:,", "STRING:E'a\\'b'",
                "SYMBOL:,", "QUOTED:\"q\"\"x\"", "SYMBOL:,", "NUMBER:1.5e3", "WORD:$x");
    }

    @Test
    void unterminatedLiteralsAndCommentsRunToTheEnd() {
        assertThat(SqlTokens.of("SELECT 'abc")).last().extracting(SqlTokens.Token::end).isEqualTo(11);
        assertThat(SqlTokens.of("SELECT \"abc")).last().extracting(SqlTokens.Token::type)
                .isEqualTo(SqlTokens.Type.QUOTED);
        assertThat(SqlTokens.of("SELECT /* abc")).hasSize(1);
    }
}
