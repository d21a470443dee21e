package io.redback.rdw.documents.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.tck.DocumentStoreContract;
import io.redback.rdw.spi.DocumentStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDocumentStoreTest extends DocumentStoreContract {
    @Override
    protected DocumentStore createStore() {
        return new EmbeddedDocumentStore(dir.resolve("warehouse"));
    }

    private Path collection(String name) {
        return ((EmbeddedDocumentStore) store).root().resolve(name);
    }

    @Test
    void keepsOneJsonFilePerDocumentAndNoTemporaryFiles() throws Exception {
        String id = docs.insert("{\"title\": \"x\"}");
        docs.set(id, "{\"title\": \"y\"}");

        assertThat(collection("project1").resolve(id + ".json")).hasContent("{\"_id\":\"" + id + "\",\"title\":\"y\"}");
        assertThat(((EmbeddedDocumentStore) store).root()).isEqualTo(dir.resolve("warehouse").toRealPath()
                .resolve(".rdw").resolve("documents"));
        try (Stream<Path> tmp = Files.list(dir.resolve("warehouse").resolve(".rdw").resolve("tmp"))) {
            assertThat(tmp).isEmpty();
        }
        assertThat(store.describe()).startsWith("embedded:").endsWith("documents");
    }

    @Test
    void removesTheTemporaryFilesOfAGoneProcessWhenItOpens() throws Exception {
        Path tmp = dir.resolve("warehouse").resolve(".rdw").resolve("tmp");
        String place = TemporaryFiles.prefix("doc").split("-")[2];
        Path ofAGoneProcess = Files.writeString(tmp.resolve("doc-999999937-" + place + "-1.part"), "{\"title\": ");
        Path ofThisLiveProcess = Files.writeString(TemporaryFiles.createFile(tmp, "doc", ".part"), "{\"title\": ");

        new EmbeddedDocumentStore(dir.resolve("warehouse")).close();

        assertThat(ProcessHandle.of(999_999_937L)).isEmpty();
        assertThat(ofAGoneProcess).doesNotExist();
        assertThat(ofThisLiveProcess).exists();
        assertThat(docs.find(DocumentQuery.all())).isEmpty();
    }

    @Test
    void isChosenWhenNoMongoDbIsConfigured() {
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(dir.resolve("other")).build()) {
            dw.documents("p").insert("{\"a\": 1}");
            assertThat(dw.describe().get("documents")).isEqualTo("embedded:" + dir.resolve("other").toAbsolutePath()
                    .resolve(".rdw").resolve("documents"));
            assertThat(dw.documents("p").count()).isEqualTo(1);
        }
    }

    @Test
    void namesAFileThatIsNotJson() throws Exception {
        String id = docs.insert("{\"title\": \"x\"}");
        Files.writeString(collection("project1").resolve(id + ".json"), "{\"title\": ");

        assertThatThrownBy(() -> docs.get(id)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(id + ".json").hasMessageContaining("not readable JSON");
    }

    @Test
    void ignoresFilesThatAreNotDocuments() throws Exception {
        docs.insert("{\"title\": \"x\"}");
        Files.writeString(collection("project1").resolve("notes.txt"), "not a document");
        Files.writeString(collection("project1").resolve(".hidden.json"), "{}");

        assertThat(docs.find(DocumentQuery.all())).extracting(d -> d.get("title")).containsExactly("x");
        assertThat(docs.count()).isEqualTo(1);
    }

    @Test
    void letsOnlyOneOfTwoRacingWritersTakeAnId() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> racers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                racers.add(pool.submit(() -> {
                    start.await();
                    return docs.insert("{\"_id\": \"same\", \"writer\": " + n + "}");
                }));
            }
            start.countDown();
            int won = 0;
            for (java.util.concurrent.Future<String> f : racers) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(io.redback.rdw.AlreadyExistsException.class);
                }
            }
            assertThat(won).isEqualTo(1);

            // updates of different fields by many threads: none is lost (the collection lock serialises them)
            List<java.util.concurrent.Future<?>> setters = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int n = i;
                setters.add(pool.submit(() -> docs.set("same", "f" + n, n)));
            }
            for (java.util.concurrent.Future<?> f : setters) {
                f.get();
            }
            assertThat(docs.get("same").orElseThrow()).hasSize(2 + 16);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsAFolderItCannotWriteAsDown() throws Exception {
        Path warehouse = dir.resolve("broken");
        try (EmbeddedDocumentStore broken = new EmbeddedDocumentStore(warehouse)) {
            Files.delete(broken.root());
            Files.writeString(broken.root(), "a file where the documents folder should be");

            io.redback.rdw.Health health = broken.health();
            assertThat(health.status()).isEqualTo(io.redback.rdw.Health.Status.DOWN);
            assertThat(health.message()).contains("cannot write documents in " + broken.root(), "rdw.warehouse");
        }
    }

    @Test
    void comparesLikeMongoDb() {
        assertThat(DocumentValues.compare(2, 2.0)).isZero();
        assertThat(DocumentValues.compare(null, -1)).isNegative();
        assertThat(DocumentValues.compare(99, "1")).isNegative();
        assertThat(DocumentValues.compare(Map.of(), List.of())).isNegative();
        assertThat(DocumentValues.compare(List.of(), true)).isNegative();
        assertThat(DocumentValues.equal(Map.of("a", 1L), Map.of("a", 1.0))).isTrue();
        assertThat(DocumentValues.lookup(Map.of("a", List.of(Map.of("b", 1), Map.of("b", 2), 3)), "a.b"))
                .containsExactly(1, 2);
        assertThat(DocumentValues.lookup(Map.of("a", List.of(5, 6)), "a.1")).containsExactly(6);
    }
}
