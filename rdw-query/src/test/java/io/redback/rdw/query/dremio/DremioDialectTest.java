package io.redback.rdw.query.dremio;

import io.redback.rdw.spi.SqlDialect;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How SQL built for Dremio spells literals, names, constants and a whole-text match. */
class DremioDialectTest {
    final SqlDialect d = DremioDialect.INSTANCE;

    @Test
    void literalsDoubleTheirQuotes() {
        assertThat(d.literal("plain")).isEqualTo("'plain'");
        assertThat(d.literal("it's")).isEqualTo("'it''s'");
        assertThat(d.literal("''")).isEqualTo("''''''");
        assertThat(d.literal("say \"hi\"")).isEqualTo("'say \"hi\"'");
        assertThat(d.literal("")).isEqualTo("''");
    }

    @Test
    void identifiersAreDoubleQuotedWithTheirQuotesDoubled() {
        assertThat(d.identifier("Speed km/h")).isEqualTo("\"Speed km/h\"");
        assertThat(d.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(d.identifier("it's")).isEqualTo("\"it's\"");
    }

    @Test
    void aWholeTextMatchIsRegexpLikeWithTheRegexAsALiteral() {
        assertThat(d.fullMatch("TRIM(\"code\")", "[A-Z]{2}[0-9]"))
                .isEqualTo("REGEXP_LIKE(TRIM(\"code\"), '[A-Z]{2}[0-9]')");
        assertThat(d.fullMatch("\"x\"", "it's|o'clock")).isEqualTo("REGEXP_LIKE(\"x\", 'it''s|o''clock')");
    }

    @Test
    void constantsAreCastLiteralsInTheirExactForm() {
        assertThat(d.constant("2025-01-31", "DATE")).isEqualTo("CAST('2025-01-31' AS DATE)");
        assertThat(d.constant(new BigDecimal("1E+3"), "DOUBLE")).isEqualTo("CAST('1000' AS DOUBLE)");
        assertThat(d.constant(12.5, "DOUBLE")).isEqualTo("CAST('12.5' AS DOUBLE)");
        assertThat(d.constant("o'neil", "VARCHAR")).isEqualTo("CAST('o''neil' AS VARCHAR)");
        assertThat(d.constant(null, "BIGINT")).isEqualTo("CAST(NULL AS BIGINT)");
    }

    @Test
    void aRowPositionCountsFromZero() {
        assertThat(d.rowPosition()).isEqualTo("(ROW_NUMBER() OVER () - 1)");
    }

    @Test
    void refusesTryCastWhichDremioDoesNotHave() {
        assertThatThrownBy(() -> d.tryCast("\"speed\"", "DOUBLE")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("no TRY_CAST").hasMessageContaining("fullMatch");
    }
}
