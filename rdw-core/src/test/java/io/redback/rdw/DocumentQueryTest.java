package io.redback.rdw;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentQueryTest {
    @Test
    void buildsFiltersFluentlyAndFromJson() {
        DocumentQuery q = DocumentQuery.all().gte("year", 2024).lt("year", 2026).in("tags", "gps", "bike")
                .eq("status", null).fields("title").sort("-year", "title").skip(20).limit(10);

        assertThat(q.filterJson()).isEqualTo(
                "{\"year\":{\"$gte\":2024,\"$lt\":2026},\"tags\":{\"$in\":[\"gps\",\"bike\"]},\"status\":{\"$eq\":null}}");
        assertThat(q.fields()).containsExactly("title");
        assertThat(q.sort()).containsExactly("-year", "title");
        assertThat(q.toString()).isEqualTo("DocumentQuery" + q.filterJson() + " fields [title] sort [-year, title] skip 20 limit 10");
        assertThat(DocumentQuery.where(q.filterJson()).filter()).isEqualTo(q.filter());
        assertThat(DocumentQuery.where("  ")).isEqualTo(DocumentQuery.all());
        assertThat(DocumentQuery.all().eq("a", 1).eq("a", 2).filterJson())
                .isEqualTo("{\"a\":{\"$eq\":1},\"$and\":[{\"a\":{\"$eq\":2}}]}");
        assertThat(DocumentQuery.where("{\"a\": 1}").gt("a", 0).filterJson())
                .isEqualTo("{\"a\":1,\"$and\":[{\"a\":{\"$gt\":0}}]}");
        assertThat(DocumentQuery.all().eq("when", java.time.Instant.parse("2025-01-02T03:04:05Z")).filterJson())
                .isEqualTo("{\"when\":{\"$eq\":\"2025-01-02T03:04:05Z\"}}");
    }

    @Test
    void isImmutable() {
        DocumentQuery q = DocumentQuery.where("{\"a\": {\"$in\": [1, 2]}}");
        DocumentQuery narrower = q.limit(5);

        assertThat(q.limit()).isZero();
        assertThat(narrower.limit()).isEqualTo(5);
        assertThatThrownBy(() -> q.filter().put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> in = (Map<String, Object>) q.filter().get("a");
        assertThatThrownBy(() -> ((List<Object>) in.get("$in")).add(3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesOperatorsThatRunCodeOrThatRdwDoesNotKnow() {
        for (String op : List.of("$where", "$expr", "$function", "$accumulator", "$jsonSchema", "$text", "$nor", "$comment")) {
            assertThatThrownBy(() -> DocumentQuery.where("{\"" + op + "\": \"x\"}")).as(op)
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("operator '" + op + "' is not allowed in a filter")
                    .hasMessageContaining("$eq, $ne, $gt");
        }
        for (String op : List.of("$where", "$regex", "$not", "$elemMatch", "$size", "$type", "$mod", "$all", "$foo")) {
            assertThatThrownBy(() -> DocumentQuery.where("{\"a\": {\"" + op + "\": 1}}")).as(op)
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("operator '" + op + "'");
        }
        assertThatThrownBy(() -> DocumentQuery.where("{\"$and\": {\"a\": 1}}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("$and needs a non-empty array");
        assertThatThrownBy(() -> DocumentQuery.where("{\"$or\": [1]}")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentQuery.where("{\"a\": {\"$in\": 1}}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs an array");
        assertThatThrownBy(() -> DocumentQuery.where("{\"a\": {\"$exists\": \"yes\"}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("true or false");
        assertThatThrownBy(() -> DocumentQuery.where("{\"a.\": 1}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty part");
        assertThatThrownBy(() -> DocumentQuery.where("{\"a.$b\": 1}")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentQuery.where("{\"a\": {\"b\": {\"$gt\": 1}}}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'$gt'");
        assertThatThrownBy(() -> DocumentQuery.where("{\"a\": 1")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("filter: invalid JSON");
        assertThatThrownBy(() -> DocumentQuery.where("[]")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> DocumentQuery.all().gt("$where", 1)).isInstanceOf(InvalidInputException.class);
        String deep = "{\"a\": ".repeat(120) + "1" + "}".repeat(120);
        assertThatThrownBy(() -> DocumentQuery.where(deep)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("deeper than 100");
    }

    @Test
    void checksFieldsSortAndPage() {
        assertThatThrownBy(() -> DocumentQuery.all().sort("a", "-a")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> DocumentQuery.all().fields("")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentQuery.all().skip(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentQuery.all().limit(-1)).isInstanceOf(InvalidInputException.class);
        assertThat(DocumentQuery.all().sort("+a", "b.c").sort()).containsExactly("+a", "b.c");
    }
}
