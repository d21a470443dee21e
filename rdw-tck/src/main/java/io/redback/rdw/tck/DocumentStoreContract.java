package io.redback.rdw.tck;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.spi.DocumentStore;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
public abstract class DocumentStoreContract extends DocumentStoreChecks {
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
}
