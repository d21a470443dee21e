package io.redback.rdw.documents.mongo;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** MongoDB chosen by configuration, a server that goes away, secrets in the connection string, other tools' data. */
class MongoFaultsIT {
    private static final String PASSWORD = "s3cr3t-Pa55";

    @TempDir
    Path dir;
    MongoServer server = new MongoServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private WarehouseClient client(Map<String, String> env) {
        RdwConfig config = RdwConfig.builder().noFile().systemProperties(new java.util.Properties()).environment(env)
                .warehouse(dir.resolve("warehouse")).build();
        return WarehouseClient.builder().config(config).build();
    }

    @Test
    void keepsTheBatchesBeforeAServerThatGoesAwayMidLoad() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            lines.append("{\"title\": \"t").append(i).append("\", \"content\": \"c\"}\n");
        }
        Path file = Files.writeString(dir.resolve("notes.ndjson"), lines);
        try (WarehouseClient dw = client(Map.of("MONGO_URI", server.impatientUri(), "DB_NAME", MongoServer.DATABASE))) {
            Documents docs = dw.documents("project1");
            MongoServer.awaitConnected(docs::count); // a read: no provenance

            Throwable error = catchThrowable(() -> docs.load(file, o -> o.batchSize(10).progress(p -> {
                if (p.done() == 20) {
                    server.close();
                }
            })));

            assertThat(error).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("notes.ndjson: loading stopped at line 21 (batch 3, lines 21-30): MongoDB at 127.0.0.1:")
                    .hasMessageContaining("20 documents were stored (2 batches)")
                    .hasMessageContaining("may be partly stored");
            List<ProvenanceEvent> events = dw.provenance(ProvenanceQuery.all().keyPrefix("project1/documents/"));
            assertThat(events).extracting(ProvenanceEvent::eventType)
                    .containsExactly("document:insert-failed", "documents:loaded", "documents:loaded");
            assertThat(events.get(0).customMetadata()).containsEntry("first_line", 21).containsKey("error");
        }
        try (MongoServer again = new MongoServer(server.backend());
             MongoDocumentStore store = new MongoDocumentStore(again.uri(), MongoServer.DATABASE)) {
            assertThat(Mono.from(store.count("project1", Map.of())).block()).isEqualTo(20);
        }
    }

    @Test
    void isChosenByMongoUriAndPinnedToOneCollectionByCollectionName() {
        try (WarehouseClient dw = client(Map.of("MONGO_URI", server.uri(), "DB_NAME", MongoServer.DATABASE,
                "COLLECTION_NAME", "documents"))) {
            Documents one = dw.documents("project1");
            Documents two = dw.documents("project2");
            one.insert("{\"title\": \"a\"}");
            two.insert("{\"title\": \"b\"}");

            assertThat(dw.describe().get("documents")).isEqualTo("mongo:127.0.0.1:" + server.port() + "/" + MongoServer.DATABASE);
            assertThat(one.collection()).isEqualTo("documents");
            assertThat(one.count()).isEqualTo(2);
            assertThat(dw.provenance(ProvenanceQuery.all().keyPrefix("project2/documents/")).get(0).bucketName())
                    .isEqualTo("documents");
        }
        try (WarehouseClient dw = client(Map.of("MONGO_URI", server.uri(), "DB_NAME", MongoServer.DATABASE,
                "RDW_DOCUMENTS", "embedded"))) {
            assertThat(dw.documents("project1").count()).isZero();
            assertThat(dw.describe().get("documents")).startsWith("embedded:");
        }
    }

    @Test
    void takesTheDatabaseFromTheUriOrAsksForDbName() {
        String withDb = "mongodb://127.0.0.1:" + server.port() + "/fromuri";
        try (MongoDocumentStore store = new MongoDocumentStore(withDb, null)) {
            assertThat(store.describe()).endsWith("/fromuri");
        }
        assertThatThrownBy(() -> client(Map.of("MONGO_URI", server.uri())).documents("p").count())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DB_NAME");
        assertThatThrownBy(() -> new MongoDocumentStore(server.uri(), "a.b")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("not valid");
        assertThatThrownBy(() -> new MongoDocumentStore("mongodb://u:" + PASSWORD + "@/x", "db"))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining(PASSWORD);
    }

    @Test
    void readsDocumentsOtherToolsWrote() {
        ObjectId id = new ObjectId();
        try (MongoClient raw = MongoClients.create(server.uri())) {
            Mono.from(raw.getDatabase(MongoServer.DATABASE).getCollection("project1").insertOne(new Document("_id", id)
                    .append("title", "from the service").append("content", "x")
                    .append("at", Date.from(Instant.parse("2025-11-25T10:15:00Z"))))).block();
        }
        try (WarehouseClient dw = client(Map.of("MONGO_URI", server.uri(), "DB_NAME", MongoServer.DATABASE))) {
            Documents docs = dw.documents("project1");
            assertThat(docs.get(id.toHexString()).orElseThrow()).isEqualTo(Map.of("_id", id.toHexString(),
                    "title", "from the service", "content", "x", "at", "2025-11-25T10:15:00Z"));
            assertThat(docs.find(DocumentQuery.where("{\"_id\": {\"$in\": [\"" + id.toHexString() + "\"]}}"))).hasSize(1);
            docs.set(id.toHexString(), "{\"content\": \"y\"}");
            assertThat(docs.get(id.toHexString()).orElseThrow()).containsEntry("content", "y");
        }
    }

    @Test
    void saysWhichServerCannotBeReached() {
        server.close();
        try (WarehouseClient dw = client(Map.of("MONGO_URI", server.impatientUri(), "DB_NAME", MongoServer.DATABASE))) {
            assertThatThrownBy(() -> dw.documents("project1").insert("{\"title\": \"x\"}"))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("MongoDB at 127.0.0.1:" + server.port() + "/" + MongoServer.DATABASE
                            + " cannot be reached")
                    .hasMessageContaining("MONGO_URI");
            assertThat(dw.provenance(ProvenanceQuery.all())).extracting(ProvenanceEvent::eventType)
                    .containsExactly("document:insert-failed");
        }
    }

    @Test
    void reportsAServerThatIsGoneAsDown() {
        try (MongoDocumentStore store = new MongoDocumentStore(server.impatientUri(), MongoServer.DATABASE)) {
            MongoServer.awaitConnected(() -> assertThat(store.health().status()).isEqualTo(io.redback.rdw.Health.Status.UP));
            server.close();


            io.redback.rdw.Health health = store.health();
            assertThat(health.status()).isEqualTo(io.redback.rdw.Health.Status.DOWN);
            assertThat(health.backend()).isEqualTo(store.describe());
            assertThat(health.message()).contains("MongoDB at 127.0.0.1:" + server.port() + "/" + MongoServer.DATABASE,
                    "cannot be reached", "MONGO_URI");
        }
    }

    @Test
    void neverShowsThePasswordOfTheConnectionString() {
        String live = MongoServer.uri(server.port(), MongoServer.LIVE_TIMEOUT_MS)
                .replace("mongodb://", "mongodb://rdwuser:" + PASSWORD + "@");
        String gone;
        try (MongoServer other = new MongoServer()) {
            gone = MongoServer.uri(other.port(), MongoServer.GONE_TIMEOUT_MS)
                    .replace("mongodb://", "mongodb://rdwuser:" + PASSWORD + "@");
        }
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter seen = new StringWriter();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            for (String uri : List.of(live, gone)) {
                try (WarehouseClient dw = client(Map.of("MONGO_URI", uri, "DB_NAME", MongoServer.DATABASE))) {
                    Documents docs = dw.documents("project1");
                    Throwable t = catchThrowable(() -> docs.insert("{\"title\": \"x\"}"));
                    if (t != null) {
                        t.printStackTrace(new PrintWriter(seen));
                    }
                    seen.append(dw.toString()).append(dw.describe().toString()).append(dw.config().toString())
                            .append(docs.toString()).append(String.valueOf(dw.provenance(ProvenanceQuery.all())));
                }
            }
            assertThat(catchThrowable(() -> new MongoDocumentStore(gone, MongoServer.DATABASE).close())).isNull();
        } finally {
            System.setErr(original);
        }
        assertThat(seen.toString()).contains("mongo:127.0.0.1:", "cannot be reached").doesNotContain(PASSWORD);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
    }

    @Test
    void masksThePasswordAsWrittenAndDecoded() {
        MongoErrors errors = new MongoErrors("MongoDB", "mongodb://u:p%40ss:word@h:1/?x=1");
        assertThat(MongoErrors.rawPassword("mongodb://u:p%40ss:word@h:1/?x=1")).isEqualTo("p%40ss:word");
        assertThat(MongoErrors.rawPassword("mongodb://h:1/db")).isNull();
        assertThat(MongoErrors.rawPassword("mongodb+srv://u@h/db")).isNull();
        assertThat(errors.clean("auth failed for p@ss:word and p%40ss:word at mongodb://u:p%40ss:word@h:1/?x=1"))
                .isEqualTo("auth failed for ****** and ****** at ******");
    }
}
