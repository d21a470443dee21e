package io.redback.rdw.tck;

import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a document store must refuse and record, through the documents API: injected operators, invalid JSON, ids and
 * oversized documents write nothing; rules are checked; every write is one provenance event; bulk loads go in batches
 * and stop at a bad line. Part of {@link DocumentStoreContract}, which an implementation extends.
 */
public abstract class DocumentStoreChecks extends DocumentStoreFixture {
    @Test
    void refusesOperatorsInjectedThroughFieldNamesAndWritesNothing() {
        for (String doc : List.of("{\"$where\": \"sleep(1000)\"}", "{\"title\": \"x\", \"$set\": {\"admin\": true}}",
                "{\"a.b\": 1}", "{\"nested\": {\"$gt\": 1}}", "{\"list\": [{\"ok\": 1}, {\"$expr\": 1}]}",
                "{\"\": 1}")) {
            assertThatThrownBy(() -> docs.insert(doc)).as(doc).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("field name");
        }
        for (String filter : List.of("{\"$where\": \"this.a == 1\"}", "{\"$expr\": {\"$eq\": [\"$a\", 1]}}",
                "{\"a\": {\"$where\": \"1\"}}", "{\"a\": {\"$function\": {\"body\": \"1\"}}}",
                "{\"$or\": [{\"a\": 1}, {\"$where\": \"1\"}]}", "{\"a\": {\"$regex\": \".*\"}}",
                "{\"a\": {\"$eq\": {\"$accumulator\": {}}}}", "{\"a\": {\"$in\": [{\"$function\": 1}]}}",
                "{\"a\": {\"$gt\": 1, \"b\": 2}}", "{\"$nor\": [{\"a\": 1}]}", "{\"$unknown\": 1}")) {
            assertThatThrownBy(() -> docs.find(filter)).as(filter).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("$");
        }
        assertThatThrownBy(() -> DocumentQuery.all().sort("$natural")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> DocumentQuery.all().fields("a.$")).isInstanceOf(InvalidInputException.class);
        String id = docs.insert("{\"title\": \"t\"}");
        for (String set : List.of("{\"$inc\": {\"n\": 1}}", "{\"a\": {\"$set\": 1}}", "{\"_id\": \"new\"}", "{\"a..b\": 1}")) {
            assertThatThrownBy(() -> docs.set(id, set)).as(set).isInstanceOf(InvalidInputException.class);
        }
        assertThat(docs.find("{}")).containsExactly(Map.of("_id", id, "title", "t"));
    }

    @Test
    void refusesInvalidJsonIdsAndOversizedDocuments() {
        for (String bad : List.of("{\"title\": ", "not json", "[1, 2]", "\"text\"", "{\"a\": 1} {\"b\": 2}",
                "{\"a\": 1, \"a\": 2}")) {
            assertThatThrownBy(() -> docs.insert(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        for (String id : List.of("../etc/passwd", "a/b", "", "x".repeat(65), ".hidden", "a b", "{\"$gt\": \"\"}")) {
            assertThatThrownBy(() -> docs.get(id)).as(id).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("document id");
            assertThatThrownBy(() -> docs.delete(id)).as(id).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> docs.insert("{\"_id\": 42}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("_id must be a string");
        assertThatThrownBy(() -> docs.insert(Map.of("_id", "../x"))).isInstanceOf(InvalidInputException.class);
        String big = "x".repeat(16 * 1024 * 1024);
        assertThatThrownBy(() -> docs.insert(Map.of("title", "big", "content", big)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("16 MB");
        assertThatThrownBy(() -> docs.insertMany(List.of(Map.of("title", "small"), Map.of("content", big))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("document 2 of 2");
        assertThat(docs.count()).isZero();
        String nearly = "y".repeat(16 * 1024 * 1024 - 100);
        String id = docs.insert(Map.of("content", nearly));
        assertThat(docs.get(id).orElseThrow().get("content")).isEqualTo(nearly);
    }

    @Test
    void checksTheTitleAndContentRule() {
        Documents notes = docs.withRule(DocumentRule.TITLE_AND_CONTENT);
        assertThatThrownBy(() -> notes.insert("{\"title\": \"Rides\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("field 'content' is missing");
        assertThatThrownBy(() -> notes.insert("{\"title\": 7, \"content\": \"x\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("field 'title' must be a string, not a number");
        assertThatThrownBy(() -> notes.insert("{\"title\": null, \"content\": \"x\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("field 'title'");
        assertThatThrownBy(() -> notes.insertMany(List.of(new Note("a", "b", 1), Map.of("title", "only"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("document 2 of 2")
                .hasMessageContaining("'content'");
        assertThat(docs.count()).isZero();

        String id = notes.insert(new Note("Rides", "cleaned", 2025));
        assertThatThrownBy(() -> notes.set(id, "{\"content\": 5}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("field 'content' must be a string");
        assertThatThrownBy(() -> notes.replace(id, "{\"title\": \"only\"}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'content'");
        notes.set(id, "{\"content\": \"queried\", \"year\": 2026}");
        assertThat(notes.get(id, Note.class)).contains(new Note("Rides", "queried", 2026));
        assertThat(DocumentRule.named("title-and-content")).isSameAs(DocumentRule.TITLE_AND_CONTENT);
        assertThat(notes.rule()).isEqualTo(DocumentRule.TITLE_AND_CONTENT);
    }

    @Test
    void recordsOneProvenanceEventPerWrite() {
        String id = docs.insert("{\"title\": \"x\"}");
        List<String> many = docs.insertMany(List.of("{\"title\": \"y\"}", "{\"title\": \"z\"}"));
        docs.set(id, "{\"title\": \"x2\"}");
        docs.replace(id, "{\"title\": \"x3\"}");
        docs.delete(id);
        assertThatThrownBy(() -> docs.delete(id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> docs.insert("{\"$where\": 1}")).isInstanceOf(InvalidInputException.class);

        List<io.redback.rdw.ProvenanceEvent> events = client.provenance(
                io.redback.rdw.ProvenanceQuery.all().keyPrefix("project1/documents/"));
        assertThat(events).extracting(io.redback.rdw.ProvenanceEvent::eventType).containsExactly(
                "document:deleted", "document:replaced", "document:updated", "document:inserted", "document:inserted");
        io.redback.rdw.ProvenanceEvent insert = events.get(4);
        assertThat(insert.objectKey()).isEqualTo("project1/documents/" + id);
        assertThat(insert.bucketName()).isEqualTo("project1");
        assertThat(insert.serviceEndpoint()).isEqualTo(store.describe());
        assertThat(insert.sha256()).matches("[0-9a-f]{64}");
        assertThat(insert.objectSize()).isEqualTo(("{\"_id\":\"" + id + "\",\"title\":\"x\"}").length());
        assertThat(insert.customMetadata()).containsEntry("project", "project1").containsEntry("count", 1);
        assertThat(events.get(3).objectKey()).isEqualTo("project1/documents/");
        assertThat(events.get(3).customMetadata()).containsEntry("document_ids", many).containsEntry("count", 2);
        assertThat(events.get(2).customMetadata()).containsEntry("fields", List.of("title"));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.layer()).isNull();
            assertThat(e.userId()).isNotBlank();
        });
    }

    @Test
    void loadsNewlineDelimitedJsonInBatchesWithProgress() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 25; i++) {
            lines.append("{\"title\": \"t").append(i).append("\", \"content\": \"c\", \"n\": ").append(i).append("}\n");
            if (i == 10) {
                lines.append("\n");
            }
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("notes.ndjson"), lines);
        List<Long> progress = new CopyOnWriteArrayList<>();

        io.redback.rdw.LoadReport report = docs.withRule(DocumentRule.TITLE_AND_CONTENT)
                .load(file, o -> o.batchSize(10).progress(p -> progress.add(p.done())));

        assertThat(report.documents()).isEqualTo(25);
        assertThat(report.batches()).isEqualTo(3);
        assertThat(report.lines()).isEqualTo(26);
        assertThat(report.toString()).contains("loaded 25 documents from notes.ndjson into project1 in 3 batches");
        assertThat(progress).containsExactly(10L, 20L, 25L);
        assertThat(docs.count()).isEqualTo(25);
        assertThat(titles(DocumentQuery.all().sort("n").limit(2))).containsExactly("t1", "t2");
        List<io.redback.rdw.ProvenanceEvent> events = client.provenance(
                io.redback.rdw.ProvenanceQuery.all().eventType("documents:loaded"));
        assertThat(events).hasSize(3);
        assertThat(events.get(2).customMetadata()).containsEntry("first_line", 1).containsEntry("last_line", 10)
                .containsEntry("original_filename", "notes.ndjson").containsEntry("count", 10);
        assertThat(events.get(0).customMetadata()).containsEntry("first_line", 22).containsEntry("last_line", 26);
        assertThat(events.get(0).contentType()).isEqualTo("application/x-ndjson");
    }

    @Test
    void stopsAtABadLineAfterStoringWhatCameBefore() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 14; i++) {
            lines.append(i == 13 ? "{\"title\": \"t13\", oops}" : "{\"n\": " + i + "}").append("\r\n");
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("bad.ndjson"), lines);

        assertThatThrownBy(() -> docs.load(file, o -> o.batchSize(5)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.line()).hasValue(13);
                    assertThat(e.source()).contains("bad.ndjson");
                    assertThat(e.getMessage()).startsWith("bad.ndjson: line 13: invalid JSON")
                            .contains("12 documents before it were stored (3 batches)", "--from-line 13");
                });
        assertThat(docs.count()).isEqualTo(12);

        java.nio.file.Files.writeString(file, lines.toString().replace("{\"title\": \"t13\", oops}", "{\"n\": 13}"));
        io.redback.rdw.LoadReport rest = docs.load(file, o -> o.fromLine(13));
        assertThat(rest.documents()).isEqualTo(2);
        assertThat(docs.count()).isEqualTo(14);

        Path refused = java.nio.file.Files.writeString(dir.resolve("refused.ndjson"),
                "{\"title\": \"a\", \"content\": \"b\"}\n{\"title\": \"a\"}\n");
        assertThatThrownBy(() -> docs.withRule(DocumentRule.TITLE_AND_CONTENT).load(refused))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refused.ndjson: line 2: document refused")
                .hasMessageContaining("field 'content' is missing")
                .hasMessageContaining("1 document before it was stored");
        Path injected = java.nio.file.Files.writeString(dir.resolve("injected.ndjson"), "{\"ok\": 1}\n{\"$where\": 1}\n");
        assertThatThrownBy(() -> docs.load(injected)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 2").hasMessageContaining("'$where'");
        assertThat(docs.count()).isEqualTo(14 + 1 + 1);
    }

    @Test
    void loadsAJsonArrayAndABronzeObject() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("notes.json"),
                "\uFEFF[\n  {\"title\": \"a\"},\n  {\"title\": \"b\",\n   \"n\": 2},\n  {\"title\": \"c\"}\n]\n");
        io.redback.rdw.LoadReport report = docs.load(file, o -> o.batchSize(2));
        assertThat(report.documents()).isEqualTo(3);
        assertThat(report.batches()).isEqualTo(2);
        assertThat(titles("{}")).containsExactly("a", "b", "c");

        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.json"), "[\n{\"title\": \"x\"},\n42,\n{}]");
        assertThatThrownBy(() -> docs.load(bad)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.line()).hasValue(3));
        Path broken = java.nio.file.Files.writeString(dir.resolve("broken.json"), "[\n{\"title\": \"y\"},\n{\"title\": }\n]");
        assertThatThrownBy(() -> docs.load(broken)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("line 3");
        assertThat(docs.count()).isEqualTo(5);

        Path upload = java.nio.file.Files.writeString(dir.resolve("notes.ndjson"), "{\"title\": \"from bronze\"}\n");
        io.redback.rdw.ObjectInfo raw = client.bucket(Layer.BRONZE).upload(upload, "project1");
        io.redback.rdw.LoadReport fromBronze = docs.load(raw.ref());
        assertThat(fromBronze.documents()).isEqualTo(1);
        assertThat(fromBronze.source()).isEqualTo(raw.ref().toString());
        io.redback.rdw.ProvenanceEvent event = client.provenance(io.redback.rdw.ProvenanceQuery.all()
                .eventType("documents:loaded")).get(0);
        assertThat(event.lineage().source()).isEqualTo(raw.ref());
        assertThat(event.lineage().sourceSha256()).isEqualTo(raw.sha256().orElseThrow());
        assertThat(event.customMetadata()).containsEntry("source_object", raw.ref().toString());
        assertThatThrownBy(() -> docs.load(new io.redback.rdw.ObjectRef(Layer.BRONZE, "project1/none.ndjson")))
                .isInstanceOf(NotFoundException.class);
    }
}
