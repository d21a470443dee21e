package io.redback.rdw.tck;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DocumentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;

import java.nio.file.Path;
import java.util.List;

/**
 * The set-up the document store suites share: a client on an embedded warehouse (for buckets and provenance) around the
 * store under test, the documents of {@code project1}, and sample data. Extend {@link DocumentStoreContract}, not this.
 */
public abstract class DocumentStoreFixture {
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

    /** Subscribes and waits for the single value of a Publisher (for subclasses). */
    protected static <T> T single(Publisher<T> p) throws InterruptedException {
        return Recorder.single(p);
    }
}
