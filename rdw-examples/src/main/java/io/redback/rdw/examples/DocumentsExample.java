package io.redback.rdw.examples;

import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.LoadReport;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.WarehouseClient;
import reactor.core.publisher.Flux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A project's JSON documents: insert records and JSON, update, query with a filter, sort and page, refuse a document
 * that breaks the collection's rule, bulk-load a newline-delimited file, and read the same documents as a Publisher.
 * Embedded here; the same code uses MongoDB when {@code MONGO_URI} and {@code DB_NAME} are set.
 *
 * <p>Run: {@code java -cp ... io.redback.rdw.examples.DocumentsExample [WAREHOUSE_DIR]}
 */
public final class DocumentsExample {
    private DocumentsExample() {
    }

    /** A note, as the team's service stores them. */
    public record Note(String title, String content, int year) {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("rdw-example-");
        Path ndjson = Files.writeString(Files.createTempFile("notes", ".ndjson"), """
                {"title": "Devices", "content": "counted per type", "year": 2023}
                {"title": "Speed", "content": "averaged per ride", "year": 2025}
                {"title": "Heart rate", "content": "NA values dropped", "year": 2025}
                """);

        try (WarehouseClient dw = WarehouseClient.builder().warehouse(folder).build()) {
            Documents notes = dw.documents("project1").withRule(DocumentRule.TITLE_AND_CONTENT);

            String id = notes.insert(new Note("Rides", "cleaned into silver", 2025));
            notes.insert("{\"title\": \"Weather\", \"content\": \"raw\", \"year\": 2024}");
            notes.set(id, Map.of("content", "cleaned and queried"));
            System.out.println("stored: " + notes.get(id, String.class).orElseThrow());

            try {
                notes.insert("{\"title\": \"no content\"}");
            } catch (InvalidInputException e) {
                System.out.println("refused: " + e.getMessage());
            }

            LoadReport report = notes.load(ndjson, o -> o.batchSize(2));
            System.out.println(report);

            for (Note n : notes.find(DocumentQuery.all().gte("year", 2024).sort("-year", "title").limit(3), Note.class)) {
                System.out.println("note: " + n);
            }

            // the same documents as a Reactive Streams Publisher, here consumed with Reactor
            List<String> titles = Flux.from(notes.reactive().find(DocumentQuery.all().sort("title").fields("title")))
                    .map(d -> (String) d.get("title")).collectList().block();
            System.out.println("titles: " + titles);

            for (ProvenanceEvent e : dw.provenance(ProvenanceQuery.all().keyPrefix("project1/documents/"))) {
                System.out.println("provenance: " + e.eventType() + " " + e.objectKey() + " " + e.customMetadata().get("count"));
            }
        } finally {
            Files.deleteIfExists(ndjson);
        }
    }
}
