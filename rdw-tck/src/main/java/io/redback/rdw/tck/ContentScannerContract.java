package io.redback.rdw.tck;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.spi.ContentScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ContentScanner} must do: pass clean content however it is cut into chunks; refuse content it must
 * refuse with a {@link ForbiddenException} that names what it found, also when the finding straddles two chunks; keep
 * each scan on its own (two scans interleaved do not mix); describe itself and answer a health check. Then, given to a
 * {@link WarehouseClient} on an embedded warehouse (an embedded object store must be installed, as rdw-storage's is),
 * a refused upload stores nothing and records one {@code file:rejected} provenance event that says why.
 */
public abstract class ContentScannerContract {
    private static final int CHUNK = 64 * 1024;
    private static final ObjectRef TARGET = new ObjectRef(Layer.BRONZE, "p1/2025/upload.csv");

    @TempDir
    protected Path temp;
    protected ContentScanner scanner;

    /** The scanner under test. */
    protected abstract ContentScanner createScanner() throws Exception;

    /** Content the scanner passes; more than 64 KiB, so that chunks of 64 KiB cut it. */
    protected abstract byte[] clean();

    /** Content the scanner must refuse, e.g. the EICAR test file for a virus scanner. */
    protected abstract byte[] refused();

    /** What the refusal's message names, e.g. the signature found in {@link #refused()}. */
    protected abstract String finding();

    @BeforeEach
    void openScanner() throws Exception {
        scanner = createScanner();
    }

    @AfterEach
    void closeScanner() {
        scanner.close();
    }

    /** One scan of {@code content} in chunks of {@code chunk} bytes, each passed at an offset of a larger array. */
    private void scan(byte[] content, int chunk) {
        ContentScanner.Scan scan = scanner.begin(TARGET);
        for (int at = 0; at < content.length; at += chunk) {
            update(scan, content, at, Math.min(chunk, content.length - at));
        }
        scan.finish();
    }

    /** Passes {@code length} bytes from {@code at}, surrounded by bytes the scanner must not read. */
    private static void update(ContentScanner.Scan scan, byte[] content, int at, int length) {
        byte[] padded = new byte[length + 16];
        Arrays.fill(padded, (byte) '#');
        System.arraycopy(content, at, padded, 8, length);
        scan.update(padded, 8, length);
    }

    @Test
    void passesCleanContentHoweverItIsCut() {
        byte[] clean = clean();
        assertThat(clean.length).as("the clean content is longer than one 64 KiB chunk").isGreaterThan(CHUNK);
        for (int chunk : List.of(1, 4096, CHUNK, clean.length)) {
            assertThatCode(() -> scan(clean, chunk)).as("clean content in chunks of " + chunk + " bytes")
                    .doesNotThrowAnyException();
        }
        assertThatCode(() -> scanner.begin(TARGET).finish()).as("empty content").doesNotThrowAnyException();
    }

    @Test
    void refusesContentHoweverItIsCutNamingWhatItFound() {
        byte[] refused = refused();
        for (int chunk : List.of(1, 7, CHUNK, refused.length)) {
            assertThatThrownBy(() -> scan(refused, chunk)).as("refused content in chunks of " + chunk + " bytes")
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining(finding());
        }
    }

    @Test
    void refusesAFindingThatStraddlesTwoChunks() {
        byte[] refused = refused();
        for (int cut : List.of(1, refused.length / 2, refused.length - 1)) {
            ContentScanner.Scan scan = scanner.begin(TARGET);
            update(scan, refused, 0, cut);
            update(scan, refused, cut, refused.length - cut);
            assertThatThrownBy(scan::finish).as("refused content cut after byte " + cut)
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining(finding());
        }
    }

    @Test
    void eachScanIsOnItsOwn() {
        byte[] clean = clean();
        byte[] refused = refused();
        ContentScanner.Scan first = scanner.begin(TARGET);
        ContentScanner.Scan second = scanner.begin(new ObjectRef(Layer.BRONZE, "p1/2025/other.csv"));
        int step = Math.max(1, refused.length / 4);
        for (int at = 0; at < Math.max(clean.length, refused.length); at += step) {
            if (at < refused.length) {
                update(second, refused, at, Math.min(step, refused.length - at));
            }
            if (at < clean.length) {
                update(first, clean, at, Math.min(step, clean.length - at));
            }
        }
        assertThatThrownBy(second::finish).isInstanceOf(ForbiddenException.class).hasMessageContaining(finding());
        assertThatCode(first::finish).as("the clean scan, interleaved with a refused one").doesNotThrowAnyException();
        assertThatCode(() -> scan(clean, CHUNK)).as("a clean scan after a refusal").doesNotThrowAnyException();
    }

    @Test
    void describesItselfAndAnswersItsHealthCheck() {
        assertThat(scanner.describe()).isNotBlank();
        Health health = scanner.health();
        assertThat(health).isNotNull();
        assertThat(health.component()).isNotBlank();
        assertThat(health.backend()).isNotBlank();
        assertThat(health.message()).isNotBlank();
    }

    /** A client of an embedded warehouse in {@link #temp} that scans with {@link #scanner}. */
    private WarehouseClient client(MemoryProvenanceSink provenance) {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties())
                .warehouse(temp.resolve("dw")).build();
        return WarehouseClient.builder().config(config).provenanceSink(provenance).scanner(scanner).build();
    }

    @Test
    void aRefusedUploadStoresNothingAndRecordsOneRejection() throws Exception {
        MemoryProvenanceSink provenance = new MemoryProvenanceSink();
        try (WarehouseClient dw = client(provenance)) {
            Path file = Files.write(temp.resolve("refused.csv"), refused());
            assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(file, "p1"))
                    .isInstanceOf(ForbiddenException.class).hasMessageContaining(finding());
            try (InputStream in = new ByteArrayInputStream(refused())) {
                assertThatThrownBy(() -> dw.bucket(Layer.SILVER).put("p1/2025/refused.csv", in, o -> { }))
                        .isInstanceOf(ForbiddenException.class).hasMessageContaining(finding());
            }

            for (Layer layer : Layer.values()) {
                assertThat(dw.bucket(layer).list()).as(layer + " after the refusals").isEmpty();
            }
            String refusedSha256 = Hashing.sha256(new ByteArrayInputStream(refused()));
            List<ProvenanceEvent> rejections = provenance.find(ProvenanceQuery.all());
            assertThat(rejections).as("one file:rejected event for each refusal").hasSize(2).allSatisfy(e -> {
                assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_REJECTED);
                assertThat(e.objectSize()).isEqualTo(refused().length);
                assertThat(e.sha256()).isEqualTo(refusedSha256);
                assertThat(String.valueOf(e.customMetadata().get("reason"))).contains(finding());
            });
            assertThat(rejections).extracting(ProvenanceEvent::objectKey).contains("p1/2025/refused.csv");

            String key = dw.bucket(Layer.BRONZE).upload(Files.write(temp.resolve("clean.csv"), clean()), "p1").key();
            try (InputStream stored = dw.bucket(Layer.BRONZE).open(key)) {
                assertThat(stored.readAllBytes()).isEqualTo(clean());
            }
            assertThat(provenance.find(ProvenanceQuery.all())).filteredOn(e -> !rejections.contains(e)).singleElement()
                    .satisfies(e -> assertThat(e.objectKey()).isEqualTo(key));
        }
    }
}
