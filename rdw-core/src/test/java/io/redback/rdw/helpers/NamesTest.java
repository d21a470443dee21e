package io.redback.rdw.helpers;

import io.redback.rdw.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "p/../../x.csv", "/etc/passwd", "p\\..\\x.csv", "p/x\u0000.csv",
            "p/x\u202e.csv", "p/%2e%2e/x.csv", "p/x%2fy.csv", "p//x.csv", "p/x.csv/", "./x.csv", "p/.hidden",
            "p/ x.csv", "C:/x.csv", "p/x\n.csv", "p/é.csv", " ", "", "p/x\u200f.csv", "~/x.csv"})
    void refusesHostileKeys(String key) {
        assertThatThrownBy(() -> Names.key(key)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("object key " + Names.printable(key) + " ")
                .hasMessageEndingWith("; " + Names.KEY_RULE)
                .hasMessageNotContaining("\u0000").hasMessageNotContaining("\u202e").hasMessageNotContaining("\n");
    }

    @Test
    void saysWhatIsWrongWithAKey() {
        assertThatThrownBy(() -> Names.key("p//x.csv")).hasMessageContaining("'p//x.csv' has an empty path segment");
        assertThatThrownBy(() -> Names.key("p/../x.csv")).hasMessageContaining("contains '..'");
        assertThatThrownBy(() -> Names.key("/etc/passwd")).hasMessageContaining("'/etc/passwd' starts with '/'");
        assertThatThrownBy(() -> Names.key("p/x\u202e.csv"))
                .hasMessageContaining("has an unsafe segment 'x\\u202e.csv': use letters, digits");
        assertThatThrownBy(() -> Names.key("")).hasMessageStartingWith("object key '' is empty or blank");
        assertThatThrownBy(() -> Names.prefix("p/../")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("listing prefix 'p/../' contains '..'").hasMessageEndingWith(Names.KEY_RULE);
        assertThatThrownBy(() -> Names.simple("project", " ", 64))
                .hasMessage("project ' ' is empty or blank: use letters, digits, '_' and '-', starting with a letter or digit");
    }

    @Test
    void refusesOverLongKeysAndSegments() {
        assertThatThrownBy(() -> Names.key("p/" + "a".repeat(256))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("256 characters");
        assertThatThrownBy(() -> Names.key(("abcdefghi/").repeat(110) + "x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 1024");
    }

    @Test
    void acceptsTheWarehouseConvention() {
        assertThat(Names.key("project1/2025/t1_rides/s223344/rides_20251125T101500123Z.csv"))
                .isEqualTo("project1/2025/t1_rides/s223344/rides_20251125T101500123Z.csv");
        assertThat(Names.key("project-3/x.tar.gz")).isEqualTo("project-3/x.tar.gz");
    }

    @Test
    void printsHostileTextEscaped() {
        assertThat(Names.printable("a\u202eb\u0000c'")).isEqualTo("'a\\u202eb\\u0000c\\''");
        assertThat(Names.printable("x".repeat(500))).hasSizeLessThan(160).contains("500 chars");
    }

    @Test
    void checksPrefixes() {
        assertThat(Names.prefix("project1/2025/")).isEqualTo("project1/2025/");
        assertThat(Names.prefix("project1/20")).isEqualTo("project1/20");
        assertThat(Names.prefix("")).isEmpty();
        assertThatThrownBy(() -> Names.prefix("../")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Names.prefix("/")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void checksBucketNamesAsS3Does() {
        assertThat(Names.bucket("dw-bucket-bronze")).isEqualTo("dw-bucket-bronze");
        assertThat(Names.bucket("a.b-1")).isEqualTo("a.b-1");
        for (String bad : new String[]{"ab", "Upper", "under_score", "-dash", "dot.", "a..b", "../x", "a".repeat(64), ""}) {
            assertThatThrownBy(() -> Names.bucket(bad)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("is not valid").hasMessageContaining("3-63 lower-case letters");
        }
        assertThatThrownBy(() -> Names.bucket(null)).isInstanceOf(InvalidInputException.class);
    }
}
