package io.redback.rdw.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentsExampleTest {
    @TempDir
    Path dir;

    @Test
    void keepsAndQueriesAProjectsDocuments() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DocumentsExample.main(new String[]{dir.resolve("wh").toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("stored: \\{\"_id\":\"[0-9a-f]{24}\",\"title\":\"Rides\",\"content\":\"cleaned and queried\",\"year\":2025}");
        assertThat(out).contains("refused: document refused by DocumentRule[title-and-content] of collection project1: "
                + "field 'content' is missing; it must be a string");
        assertThat(out).contains("loaded 3 documents from notes", "into project1 in 2 batches (3 lines,");
        assertThat(out).contains("note: Note[title=Heart rate, content=NA values dropped, year=2025]\n"
                + "note: Note[title=Rides, content=cleaned and queried, year=2025]\n"
                + "note: Note[title=Speed, content=averaged per ride, year=2025]\n");
        assertThat(out).contains("titles: [Devices, Heart rate, Rides, Speed, Weather]");
        assertThat(out).contains("provenance: documents:loaded project1/documents/ 1", "provenance: documents:loaded project1/documents/ 2",
                "provenance: document:updated project1/documents/", "provenance: document:inserted project1/documents/");
        assertThat(dir.resolve("wh").resolve(".rdw").resolve("documents").resolve("project1")).isDirectory();
    }
}
