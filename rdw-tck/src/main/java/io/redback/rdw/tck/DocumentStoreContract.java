package io.redback.rdw.tck;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DocumentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DocumentStore} must do, through the documents API that applications use: an implementation's test
 * extends this class and supplies a fresh, empty store; the suite puts it in a client on an embedded warehouse (for
 * buckets and provenance). Checks of input (ids, field names, operators, sizes, rules) run here too, so that both
 * stores are seen to write nothing when input is refused, and the store must report itself healthy.
 *
 * <p>The documents API is implemented by rdw-documents: put it, and rdw-storage (for the embedded warehouse), on the
 * test class path next to rdw-tck.
 */
public abstract class DocumentStoreContract {
    @TempDir
    protected Path dir;
    protected DocumentStore store;
    protected WarehouseClient client;
    protected Documents docs;

    /** A new, empty store. Called before each test; the client closes it after. */
    protected abstract DocumentStore createStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        client = WarehouseClient.builder().warehouse(dir.resolve("warehouse")).documentStore(store).build();
        docs = client.documents("project1");
    }

    @AfterEach
    void close() {
        client.close();
    }

    public record Note(String title, String content, int year) {
    }

    public record StoredNote(@JsonProperty("_id") String id, String title) {
    }

    /** Six documents for the query tests: numbers of both kinds, arrays, nested documents, missing and null fields. */
    protected List<String> sample() {
        return docs.insertMany(List.of(
                "{\"title\": \"a\", \"year\": 2023, \"score\": 1.5, \"tags\": [\"gps\", \"bike\"], \"place\": {\"city\": \"Hobart\"}}",
                "{\"title\": \"b\", \"year\": 2024, \"score\": 2, \"tags\": [\"bike\"], \"place\": {\"city\": \"Perth\"}}",
                "{\"title\": \"c\", \"year\": 2024, \"score\": 3.25, \"tags\": [], \"status\": null}",
                "{\"title\": \"d\", \"year\": 2025, \"score\": 10, \"place\": {\"city\": \"Hobart\"}, \"status\": \"done\"}",
                "{\"title\": \"e\", \"year\": 2025, \"tags\": [\"gps\"], \"status\": \"open\"}",
                "{\"title\": \"f\", \"year\": \"2025\", \"score\": -4}"));
    }

    protected List<String> titles(String filter) {
        return titles(DocumentQuery.where(filter));
    }

    protected List<String> titles(DocumentQuery query) {
        return docs.find(query).stream().map(d -> (String) d.get("title")).toList();
    }

    @Test
    void insertsAndReadsJsonMapsAndRecords() {
        String a = docs.insert("{\"title\": \"Rides\", \"content\": \"cleaned\", \"year\": 2025}");
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("title", "Weather");
        map.put("content", "raw");
        map.put("year", 2024);
        map.put("extra", Map.of("deep", List.of(1, 2.5, "x", true)));
        map.put("none", null);
        String b = docs.insert(map);
        String c = docs.insert(new Note("Devices", "counted", 2023));

        assertThat(List.of(a, b, c)).allMatch(id -> id.matches("[0-9a-f]{24}")).doesNotHaveDuplicates();
        assertThat(docs.get(a)).hasValueSatisfying(d -> assertThat(d)
                .containsEntry("_id", a).containsEntry("title", "Rides").containsEntry("year", 2025));
        Map<String, Object> weather = docs.get(b).orElseThrow();
        assertThat(weather).containsEntry("extra", Map.of("deep", List.of(1, 2.5, "x", true)))
                .containsEntry("none", null);
        assertThat(docs.get(c, Note.class)).contains(new Note("Devices", "counted", 2023));
        assertThat(docs.get(c, StoredNote.class)).contains(new StoredNote(c, "Devices"));
        assertThat(docs.get(a, String.class).orElseThrow())
                .isEqualTo("{\"_id\":\"" + a + "\",\"title\":\"Rides\",\"content\":\"cleaned\",\"year\":2025}");
        assertThat(docs.get("0123456789abcdef01234567")).isEmpty();
        assertThat(docs.count()).isEqualTo(3);
    }

    @Test
    void keepsGivenIdsAndRefusesOnesThatExist() {
        assertThat(docs.insert("{\"_id\": \"note-1\", \"title\": \"x\"}")).isEqualTo("note-1");
        assertThat(docs.get("note-1")).hasValueSatisfying(d -> assertThat(d).containsEntry("title", "x"));

        assertThatThrownBy(() -> docs.insert("{\"_id\": \"note-1\", \"title\": \"y\"}"))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("note-1");
        assertThatThrownBy(() -> docs.insertMany(List.of("{\"_id\": \"note-2\"}", "{\"_id\": \"note-1\"}")))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("note-1");
        assertThatThrownBy(() -> docs.insertMany(List.of("{\"_id\": \"note-3\"}", "{\"_id\": \"note-3\"}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("repeats the id note-3");
        assertThat(docs.get("note-2")).isEmpty();
        assertThat(docs.get("note-1")).hasValueSatisfying(d -> assertThat(d).containsEntry("title", "x"));
        assertThat(docs.count()).isEqualTo(1);
    }

    @Test
    void filtersWithTheCommonOperators() {
        sample();
        assertThat(titles("{}")).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(titles("{\"year\": 2024}")).containsExactly("b", "c");
        assertThat(titles("{\"year\": {\"$eq\": 2025}}")).containsExactly("d", "e");
        assertThat(titles("{\"year\": {\"$ne\": 2025}}")).containsExactly("a", "b", "c", "f");
        assertThat(titles("{\"year\": {\"$gt\": 2023}}")).containsExactly("b", "c", "d", "e");
        assertThat(titles("{\"year\": {\"$gte\": 2024, \"$lt\": 2025}}")).containsExactly("b", "c");
        assertThat(titles("{\"year\": {\"$lte\": 2023}}")).containsExactly("a");
        assertThat(titles("{\"score\": {\"$gt\": 2}}")).containsExactly("c", "d");
        assertThat(titles("{\"score\": 2.0}")).containsExactly("b");
        assertThat(titles("{\"year\": {\"$in\": [2023, \"2025\"]}}")).containsExactly("a", "f");
        assertThat(titles("{\"year\": {\"$nin\": [2023, 2024]}}")).containsExactly("d", "e", "f");
        assertThat(titles("{\"tags\": \"gps\"}")).containsExactly("a", "e");
        assertThat(titles("{\"tags\": {\"$in\": [\"bike\"]}}")).containsExactly("a", "b");
        assertThat(titles("{\"tags\": []}")).containsExactly("c");
        assertThat(titles("{\"place.city\": \"Hobart\"}")).containsExactly("a", "d");
        assertThat(titles("{\"place\": {\"city\": \"Perth\"}}")).containsExactly("b");
        assertThat(titles("{\"status\": {\"$exists\": true}}")).containsExactly("c", "d", "e");
        assertThat(titles("{\"status\": {\"$exists\": false}}")).containsExactly("a", "b", "f");
        assertThat(titles("{\"status\": null}")).containsExactly("a", "b", "c", "f");
        assertThat(titles("{\"status\": {\"$ne\": null}}")).containsExactly("d", "e");
        assertThat(titles("{\"$or\": [{\"year\": 2023}, {\"status\": \"open\"}]}")).containsExactly("a", "e");
        assertThat(titles("{\"$and\": [{\"year\": {\"$gte\": 2024}}, {\"place.city\": {\"$exists\": true}}]}"))
                .containsExactly("b", "d");
        assertThat(titles("{\"title\": {\"$gt\": \"d\"}}")).containsExactly("e", "f");
        assertThat(titles(DocumentQuery.all().gte("year", 2024).lt("year", 2025).in("title", "b", "x")))
                .containsExactly("b");
        assertThat(titles(DocumentQuery.all().eq("year", 2025).ne("status", "open"))).containsExactly("d");
        assertThat(titles(DocumentQuery.all().eq("year", 2024).eq("year", 2024).missing("status"))).containsExactly("b");
        assertThat(titles(DocumentQuery.all().exists("place").nin("place.city", "Perth"))).containsExactly("a", "d");
    }

    @Test
    void projectsSortsAndPages() {
        List<String> ids = sample();
        assertThat(docs.find(DocumentQuery.where("{\"title\": \"a\"}").fields("title", "place.city")))
                .containsExactly(Map.of("_id", ids.get(0), "title", "a", "place", Map.of("city", "Hobart")));
        assertThat(docs.find(DocumentQuery.all().fields("year").limit(1)).get(0)).containsOnlyKeys("_id", "year");

        assertThat(titles(DocumentQuery.all().sort("-year"))).containsExactly("f", "d", "e", "b", "c", "a");
        assertThat(titles(DocumentQuery.all().sort("score"))).containsExactly("e", "f", "a", "b", "c", "d");
        assertThat(titles(DocumentQuery.all().sort("-score", "title"))).containsExactly("d", "c", "b", "a", "f", "e");
        assertThat(titles(DocumentQuery.all().sort("place.city", "-title"))).containsExactly("f", "e", "c", "d", "a", "b");
        assertThat(titles(DocumentQuery.all().sort("year").skip(1).limit(2))).containsExactly("b", "c");
        assertThat(titles(DocumentQuery.all().skip(4))).containsExactly("e", "f");
        assertThat(titles(DocumentQuery.all().skip(2).limit(3))).containsExactly("c", "d", "e");
        assertThat(titles(DocumentQuery.where("{\"year\": 2025}").sort("-title").limit(1))).containsExactly("e");
        assertThat(titles(DocumentQuery.all().skip(10))).isEmpty();
    }

    @Test
    void countsWithAFilter() {
        sample();
        assertThat(docs.count()).isEqualTo(6);
        assertThat(docs.count(DocumentQuery.where("{\"tags\": \"gps\"}"))).isEqualTo(2);
        assertThat(docs.count(DocumentQuery.where("{\"year\": {\"$gt\": 3000}}"))).isZero();
        assertThat(client.documents("empty").count()).isZero();
        assertThat(client.documents("empty").find(DocumentQuery.all())).isEmpty();
    }

    @Test
    void keepsEachProjectInItsOwnCollection() {
        docs.insert("{\"title\": \"one\"}");
        Documents other = client.documents("project2");
        other.insert("{\"title\": \"two\"}");
        assertThat(other.collection()).isEqualTo("project2");
        assertThat(titles("{}")).containsExactly("one");
        assertThat(other.find("{}")).extracting(d -> d.get("title")).containsExactly("two");
    }

    @Test
    void setsFieldsReplacesAndDeletes() {
        String id = docs.insert(new Note("Rides", "raw", 2024));

        docs.set(id, "{\"content\": \"cleaned\", \"place.city\": \"Hobart\", \"tags\": [\"gps\"]}");
        docs.set(id, "year", 2025);
        assertThat(docs.get(id).orElseThrow()).isEqualTo(Map.of("_id", id, "title", "Rides", "content", "cleaned",
                "year", 2025, "place", Map.of("city", "Hobart"), "tags", List.of("gps")));
        docs.set(id, Map.of("place.zip", "7000"));
        assertThat(docs.get(id).orElseThrow().get("place")).isEqualTo(Map.of("city", "Hobart", "zip", "7000"));
        assertThatThrownBy(() -> docs.set(id, "{\"title.x\": 1}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("title");
        assertThat(docs.get(id).orElseThrow().get("title")).isEqualTo("Rides");

        docs.replace(id, new Note("Rides v2", "rewritten", 2026));
        assertThat(docs.get(id).orElseThrow()).isEqualTo(Map.of("_id", id, "title", "Rides v2", "content", "rewritten",
                "year", 2026));
        assertThatThrownBy(() -> docs.replace(id, "{\"_id\": \"other\", \"title\": \"x\"}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot change");

        docs.delete(id);
        assertThat(docs.get(id)).isEmpty();
        String missing = "0123456789abcdef01234567";
        assertThatThrownBy(() -> docs.delete(id)).isInstanceOf(NotFoundException.class).hasMessageContaining(id);
        assertThatThrownBy(() -> docs.set(missing, "{\"a\": 1}")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> docs.replace(missing, "{\"a\": 1}")).isInstanceOf(NotFoundException.class);
        assertThat(docs.count()).isZero();
    }

    @Test
    void streamsALargeResultAsItIsRead() {
        for (int batch = 0; batch < 3; batch++) {
            int from = batch * 500;
            docs.insertMany(IntStream.range(from, from + 500).mapToObj(i -> Map.of("n", i, "even", i % 2 == 0)).toList());
        }
        try (Stream<Map<String, Object>> all = docs.stream(DocumentQuery.where("{\"even\": true}"))) {
            assertThat(all.mapToInt(d -> (Integer) d.get("n")).toArray())
                    .isEqualTo(IntStream.range(0, 1500).filter(i -> i % 2 == 0).toArray());
        }
        try (Stream<StoredNote> first = docs.stream(DocumentQuery.all().sort("-n"), StoredNote.class)) {
            assertThat(first.limit(3).count()).isEqualTo(3);
        }

        // demand is honoured: a subscriber that asks for 5 gets 5, not the rest of the collection
        Recorder<Map<String, Object>> few = new Recorder<>(5);
        docs.reactive().find(DocumentQuery.all()).subscribe(few);
        few.awaitValues(5);
        few.subscription.get().cancel();
        assertThat(few.values).hasSize(5);
    }

    @Test
    void offersTheSameOperationsAsPublishers() throws Exception {
        Recorder<String> insert = Recorder.all();
        docs.reactive().insert(new Note("Rides", "raw", 2025)).subscribe(insert);
        String id = insert.awaitDone().get(0);

        Recorder<Note> read = Recorder.all();
        docs.reactive().find(DocumentQuery.where("{\"year\": 2025}"), Note.class).subscribe(read);
        assertThat(read.awaitDone()).containsExactly(new Note("Rides", "raw", 2025));

        Recorder<Void> delete = Recorder.all();
        docs.reactive().delete(id).subscribe(delete);
        assertThat(delete.awaitDone()).isEmpty();
        Recorder<Void> again = Recorder.all();
        docs.reactive().delete(id).subscribe(again);
        assertThat(again.awaitError()).isInstanceOf(NotFoundException.class);

        Recorder<Long> count = Recorder.all();
        docs.reactive().count(DocumentQuery.all()).subscribe(count);
        assertThat(count.awaitDone()).containsExactly(0L);
    }

    @Test
    void reportsItsHealth() {
        Health health = store.health();
        assertThat(health.status()).as(health.toString()).isEqualTo(Health.Status.UP);
        assertThat(health.backend()).isNotBlank();
        assertThat(client.health()).filteredOn(h -> h.component().equals("documents")).singleElement()
                .satisfies(h -> assertThat(h.status()).as(h.toString()).isEqualTo(Health.Status.UP));
    }

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

    /** A subscriber that records what it gets; it asks for {@code demand} values at the start. */
    protected static final class Recorder<T> implements Subscriber<T> {
        final List<T> values = new CopyOnWriteArrayList<>();
        final AtomicReference<Subscription> subscription = new AtomicReference<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        private final long demand;
        private final java.util.concurrent.Semaphore arrived = new java.util.concurrent.Semaphore(0);

        Recorder(long demand) {
            this.demand = demand;
        }

        static <T> Recorder<T> all() {
            return new Recorder<>(Long.MAX_VALUE);
        }

        @Override
        public void onSubscribe(Subscription s) {
            subscription.set(s);
            s.request(demand);
        }

        @Override
        public void onNext(T t) {
            values.add(t);
            arrived.release();
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            done.countDown();
        }

        @Override
        public void onComplete() {
            done.countDown();
        }

        void awaitValues(int n) {
            try {
                assertThat(arrived.tryAcquire(n, 30, TimeUnit.SECONDS)).as("%d values arrived", n).isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        List<T> awaitDone() throws InterruptedException {
            assertThat(done.await(30, TimeUnit.SECONDS)).as("completed").isTrue();
            if (error.get() != null) {
                throw new AssertionError("failed", error.get());
            }
            return new ArrayList<>(values);
        }

        Throwable awaitError() throws InterruptedException {
            assertThat(done.await(30, TimeUnit.SECONDS)).as("completed").isTrue();
            assertThat(error.get()).as("an error").isNotNull();
            return error.get();
        }
    }

    /** Subscribes and waits for the single value of a Publisher (for subclasses). */
    protected static <T> T single(Publisher<T> p) throws InterruptedException {
        Recorder<T> r = Recorder.all();
        p.subscribe(r);
        List<T> values = r.awaitDone();
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
