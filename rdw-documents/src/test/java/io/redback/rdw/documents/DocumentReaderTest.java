package io.redback.rdw.documents;

import io.redback.rdw.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentReaderTest {
    private static List<DocumentReader.Item> read(byte[] input, long fromLine) {
        List<DocumentReader.Item> items = new ArrayList<>();
        try (DocumentReader r = DocumentReader.open(new ByteArrayInputStream(input), "in.json", fromLine)) {
            for (DocumentReader.Item i; (i = r.next()) != null; ) {
                items.add(i);
            }
        }
        return items;
    }

    private static List<DocumentReader.Item> read(String input) {
        return read(input.getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void readsLinesAndArraysWithTheirLineNumbers() {
        assertThat(read("{\"a\":1}\r\n\n  \n{\"a\":2}")).extracting(DocumentReader.Item::line).containsExactly(1L, 4L);
        assertThat(read("\uFEFF{\"a\":1}\n")).extracting(i -> i.document().get("a")).containsExactly(1);
        assertThat(read("\n [{\"a\":1},\n{\"a\":\n2}, {\"a\":3}]\n")).extracting(DocumentReader.Item::line)
                .containsExactly(2L, 3L, 4L);
        assertThat(read("[]")).isEmpty();
        assertThat(read("")).isEmpty();
        assertThat(read("{\"a\":1}\n{\"a\":2}\n{\"a\":3}".getBytes(StandardCharsets.UTF_8), 2))
                .extracting(DocumentReader.Item::line).containsExactly(2L, 3L);
    }

    @Test
    void namesTheLineOfAProblem() {
        assertThatThrownBy(() -> read("{\"a\":1}\n{\"a\":1,\"a\":2}\n")).isInstanceOfSatisfying(InvalidInputException.class,
                e -> {
                    assertThat(e.line()).hasValue(2);
                    assertThat(e.getMessage()).startsWith("line 2: invalid JSON: Duplicate field 'a'");
                });
        assertThatThrownBy(() -> read("[{\"a\":1}] x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> read("[{\"a\":1},\n")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> read("[{\"a\":1},\n\"s\"]")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2: an array element must be a JSON object");
        byte[] latin1 = "{\"a\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> read(latin1, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> read("{\"a\": \"\u202e\" x}")).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("\u202e");
    }
}
