package io.redback.rdw;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentRuleTest {
    @Test
    void titleAndContentNamesTheField() {
        DocumentRule rule = DocumentRule.TITLE_AND_CONTENT;
        assertThat(rule.check(Map.of("title", "a", "content", "b", "extra", 1))).isEmpty();
        assertThat(rule.check(Map.of("content", "b"))).contains("field 'title' is missing; it must be a string");
        assertThat(rule.check(Map.of("title", "a", "content", List.of()))).contains("field 'content' must be a string, not an array");
        assertThat(rule.check(Map.of("title", true, "content", "b"))).contains("field 'title' must be a string, not a boolean");
        assertThat(rule.checkFields(Map.of("year", 1))).isEmpty();
        assertThat(rule.checkFields(Map.of("title", 1))).contains("field 'title' must be a string, not a number");
        assertThat(rule.checkFields(Map.of("content.x", "y"))).hasValueSatisfying(m -> assertThat(m).contains("stay a string"));
        assertThat(rule).hasToString("DocumentRule[title-and-content]");
    }

    @Test
    void presetsByName() {
        assertThat(DocumentRule.named("none")).isSameAs(DocumentRule.NONE);
        assertThat(DocumentRule.NONE.check(Map.of())).isEmpty();
        assertThatThrownBy(() -> DocumentRule.named("strict")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("none and title-and-content");
        assertThat(DocumentRule.requireStrings("name").check(Map.of("name", 1))).contains("field 'name' must be a string, not a number");
    }
}
