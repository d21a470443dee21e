package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A refusal of text that does not parse points at a misspelt keyword and names the one it probably is. */
class MisspeltTest {
    private final CalciteSqlGuard guard = new CalciteSqlGuard();

    private String reason(String sql) {
        QueryCheck check = guard.check(sql).check();
        assertThat(check.allowed()).isFalse();
        assertThat(check.kind()).isEqualTo("UNPARSEABLE");
        return check.reason();
    }

    @Test
    void namesTheWordItsPlaceAndTheKeyword() {
        assertThat(reason("SELEC 1")).endsWith("'SELEC' at line 1, column 1 is not a keyword: did you mean SELECT?");
        assertThat(reason("SELECT * FORM t")).contains("'FORM' at line 1, column 10 is not a keyword: did you mean FROM?")
                .doesNotContain(".;");
        assertThat(reason("WTIH a AS (SELECT 1)\nSELECT * FROM a")).contains("did you mean WITH?");
        assertThat(reason("SELECT d, count(*) FROM t\nGRUOP BY d")).contains("'GRUOP' at line 2, column 1", "GROUP?");
    }

    @Test
    void saysNothingMoreWhenNoWordLooksMisspelt() {
        assertThat(reason("SELECT 1 +")).doesNotContain("did you mean");
        assertThat(Misspelt.closest("SELECT")).isNull();
        assertThat(Misspelt.closest("DEVICE")).isNull();
        assertThat(Misspelt.closest("AS")).isNull();
    }
}
