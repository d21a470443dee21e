package io.redback.rdw.documents;

import io.redback.rdw.DocumentQuery;
import io.redback.rdw.Documents;
import io.redback.rdw.WarehouseClient;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code ReactiveDocuments.find} on the embedded store against the Reactive Streams TCK (TestNG, run on the JUnit
 * Platform by the TestNG engine): demand, cancellation, signal order and errors as the specification states them.
 */
public class ReactiveDocumentsFindTckTest extends PublisherVerification<Map<String, Object>> {
    private static final int STORED = 100;

    private Path dir;
    private WarehouseClient client;
    private Documents docs;
    private Documents broken;

    public ReactiveDocumentsFindTckTest() {
        // generous for a loaded machine; the short one only bounds how long the TCK waits to see that nothing comes
        super(new TestEnvironment(5_000, 200));
    }

    @BeforeClass
    public void store() throws IOException {
        dir = Files.createTempDirectory("rdw-tck-");
        client = WarehouseClient.builder().warehouse(dir).build();
        docs = client.documents("project1");
        docs.insertMany(IntStream.range(0, STORED).mapToObj(i -> Map.of("n", i)).toList());
        // a document file that is not JSON: a sorted query reads every file when it is subscribed to, and fails
        broken = client.documents("broken");
        String id = broken.insert(Map.of("n", 1));
        Files.writeString(dir.resolve(".rdw").resolve("documents").resolve("broken").resolve(id + ".json"), "{\"n\": ");
    }

    @AfterClass(alwaysRun = true)
    public void close() throws IOException {
        client.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public Publisher<Map<String, Object>> createPublisher(long elements) {
        // a limit of 0 means no limit: no document has the field "none"
        return elements == 0 ? docs.reactive().find(DocumentQuery.all().exists("none"))
                : docs.reactive().find(DocumentQuery.all().limit((int) elements));
    }

    @Override
    public Publisher<Map<String, Object>> createFailedPublisher() {
        return broken.reactive().find(DocumentQuery.all().sort("n"));
    }

    @Override
    public long maxElementsFromPublisher() {
        return STORED;
    }
}
