package io.redback.rdw.storage;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Bucket;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.storage.ProvenanceLog;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ProvenanceSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The governance rules of buckets, on the embedded store: naming, write-once bronze, provenance. Hostile names are
 * refused on every store: that is part of the object-store contract ({@code ObjectStoreContract}).
 */
class BucketGovernanceTest {
    private static final Instant NOW = Instant.parse("2025-11-25T10:15:00.123Z");

    @TempDir
    Path dir;
    Path warehouse;
    Path csv;
    WarehouseClient dw;

    @BeforeEach
    void open() throws Exception {
        warehouse = dir.resolve("wh");
        csv = Files.writeString(dir.resolve("rides.csv"), "id,speed\n1,12.5\n2,30\n");
        dw = client(ProvenanceLog.in(warehouse));
    }

    private WarehouseClient client(ProvenanceSink sink) {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(warehouse)
                .set(RdwConfig.USER, "alice").build();
        return WarehouseClient.builder().config(config).provenanceSink(sink)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private List<ProvenanceEvent> events() {
        return dw.provenance(ProvenanceQuery.all());
    }

    @Test
    void namesUploadsByConventionWithAUtcTimestamp() {
        ObjectInfo plain = dw.bucket(Layer.BRONZE).upload(csv, "project1");
        ObjectInfo placed = dw.bucket("bronze").upload(csv, "project1",
                o -> o.year(2024).task("t1_rides").student("s223344").name("morning"));

        assertThat(plain.key()).isEqualTo("project1/2025/rides_20251125T101500123Z.csv");
        assertThat(placed.key()).isEqualTo("project1/2024/t1_rides/s223344/morning_20251125T101500123Z.csv");
        assertThat(plain.bucket()).isEqualTo("dw-bucket-bronze");
    }

    @Test
    void neverReusesANameEvenWithinOneMillisecond() {
        ObjectInfo first = dw.bucket(Layer.BRONZE).upload(csv, "project1");
        ObjectInfo second = dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.allowDuplicate());

        assertThat(second.key()).isNotEqualTo(first.key()).isEqualTo("project1/2025/rides_20251125T101500124Z.csv");
        assertThat(dw.bucket(Layer.BRONZE).list()).hasSize(2);
    }

    @Test
    void theSameContentUploadedAgainToTheSameLocationIsTheObjectAlreadyThere() throws Exception {
        Bucket bronze = dw.bucket(Layer.BRONZE);
        ObjectInfo first = bronze.upload(csv, "project1", o -> o.task("t1_rides"));
        Path copy = Files.copy(csv, dir.resolve("rides-again.csv"));
        ObjectInfo again = bronze.upload(copy, "project1", o -> o.task("t1_rides"));

        assertThat(again.key()).isEqualTo(first.key());
        assertThat(again.created()).isEqualTo(first.created());
        assertThat(bronze.list()).hasSize(1);
        assertThat(dw.provenance(ProvenanceQuery.all())).hasSize(1);

        // another location, other content, or asked for: a new object, each with its event
        assertThat(bronze.upload(copy, "project1", o -> o.task("t2_other")).key()).isNotEqualTo(first.key());
        assertThat(bronze.upload(Files.writeString(dir.resolve("changed.csv"), "id,speed\n1,99\n"), "project1",
                o -> o.task("t1_rides")).key()).isNotEqualTo(first.key());
        assertThat(bronze.upload(copy, "project1", o -> o.task("t1_rides").allowDuplicate()).key())
                .isNotEqualTo(first.key());
        assertThat(bronze.list()).hasSize(4);
        assertThat(dw.provenance(ProvenanceQuery.all())).hasSize(4);
    }

    @Test
    void tagsEveryWriteWithItsProvenanceAndRecordsExactlyOneEvent() throws Exception {
        ObjectInfo info = dw.bucket(Layer.BRONZE).upload(csv, "project1");

        assertThat(info.sha256()).contains(Hashing.sha256(csv));
        assertThat(info.user()).contains("alice");
        assertThat(info.sourceFile()).contains("rides.csv");
        assertThat(info.metadata()).containsEntry("rdw-layer", "bronze").containsEntry("rdw-created", NOW.toString())
                .containsKey("rdw-version");
        List<ProvenanceEvent> events = events();
        assertThat(events).hasSize(1);
        ProvenanceEvent e = events.get(0);
        assertThat(e.eventType()).isEqualTo(ProvenanceEvent.FILE_UPLOADED);
        assertThat(e.eventSource()).isEqualTo("rdw:sdk");
        assertThat(e.userId()).isEqualTo("alice");
        assertThat(e.bucketName()).isEqualTo("dw-bucket-bronze");
        assertThat(e.objectKey()).isEqualTo(info.key());
        assertThat(info.size()).isEqualTo(Files.size(csv));
        assertThat(e.objectSize()).isEqualTo(info.size());
        assertThat(e.sha256()).isEqualTo(info.sha256().orElseThrow());
        assertThat(e.contentType()).isEqualTo("text/csv");
        assertThat(e.customMetadata()).containsEntry("original_filename", "rides.csv")
                .containsEntry("updated_filename", info.key()).containsEntry("project", "project1")
                .containsEntry("destination_buckets", List.of("dw-bucket-bronze"));
    }

    @Test
    void recordsLineageOfDerivedObjects() {
        ObjectInfo raw = dw.bucket(Layer.BRONZE).upload(csv, "project1");
        ObjectInfo derived = dw.bucket(Layer.SILVER).put("project1/2025/rides_processed.parquet",
                new ByteArrayInputStream(new byte[]{1, 2, 3}),
                o -> o.derivedFrom(raw.ref(), raw.sha256().orElseThrow(), "clean", "abc"));

        assertThat(derived.derivedFrom()).contains(raw.ref());
        assertThat(derived.pipeline()).contains("clean");
        ProvenanceEvent e = events().get(0);
        assertThat(e.eventType()).isEqualTo(ProvenanceEvent.OBJECT_DERIVED);
        assertThat(e.lineage()).isEqualTo(new ProvenanceEvent.Lineage(raw.ref(), raw.sha256().orElseThrow(), "clean", "abc"));
    }

    @Test
    void keepsBronzeWriteOnce() throws Exception {
        Bucket bronze = dw.bucket(Layer.BRONZE);
        ObjectInfo original = bronze.upload(csv, "project1", o -> o.exactName());
        Path changed = Files.writeString(dir.resolve("rides2.csv"), "id\n9\n");

        assertThatThrownBy(() -> bronze.upload(csv, "project1", o -> o.exactName().allowDuplicate()))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("write-once");
        String sameKey = bronze.uploadKey(changed, "project1", o -> o.exactName().name(csv.getFileName().toString()
                .replaceFirst("\\.csv$", "")));
        assertThat(sameKey).isEqualTo(original.key());
        assertThatThrownBy(() -> bronze.put(sameKey, changed, o -> o.overwrite()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("write-once");
        assertThatThrownBy(() -> bronze.put(original.key(), changed, o -> o.overwrite()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> bronze.delete(original.key()))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("cannot be deleted");

        assertThat(bronze.stat(original.key()).sha256()).isEqualTo(original.sha256());
        assertThat(events()).hasSize(1);
    }

    @Test
    void overwritesOutsideBronzeOnlyWhenAsked() throws Exception {
        Bucket silver = dw.bucket(Layer.SILVER);
        silver.put("project1/2025/x.csv", csv);
        Path changed = Files.writeString(dir.resolve("x2.csv"), "id\n9\n");

        assertThatThrownBy(() -> silver.put("project1/2025/x.csv", changed))
                .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("overwrite");
        ObjectInfo replaced = silver.put("project1/2025/x.csv", changed, o -> o.overwrite());

        assertThat(replaced.sha256()).contains(Hashing.sha256(changed));
        silver.delete("project1/2025/x.csv");
        assertThat(silver.exists("project1/2025/x.csv")).isFalse();
        assertThat(events()).extracting(ProvenanceEvent::eventType)
                .containsExactly(ProvenanceEvent.OBJECT_DELETED, ProvenanceEvent.OBJECT_WRITTEN, ProvenanceEvent.OBJECT_WRITTEN);
        assertThatThrownBy(() -> silver.delete("project1/2025/x.csv")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void turnsAnAwkwardLocalFileNameIntoASafeKeyAndKeepsTheOriginal() throws Exception {
        Path odd = Files.writeString(dir.resolve("My Rides (v2) \u202e.final.CSV"), "id\n1\n");
        ObjectInfo info = dw.bucket(Layer.BRONZE).upload(odd, "project1");

        assertThat(info.key()).isEqualTo("project1/2025/My_Rides_v2_final_20251125T101500123Z.csv");
        assertThat(info.sourceFile()).contains("My Rides (v2) \\u202e.final.CSV");
    }

    @Test
    void refusesAMissingFileWithoutWritingAnything() throws Exception {
        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(dir.resolve("nope.csv"), "project1"))
                .isInstanceOf(io.redback.rdw.NotFoundException.class).hasMessageContaining("no such file");
        assertNothingWritten();
    }

    @Test
    void downloadsVerifiedAndRefusesACorruptObject() throws Exception {
        ObjectInfo info = dw.bucket(Layer.BRONZE).upload(csv, "project1");
        Path out = dw.bucket(Layer.BRONZE).download(info.key(), dir.resolve("copy.csv"));
        assertThat(out).hasSameTextualContentAs(csv);
        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).download(info.key(), out))
                .isInstanceOf(AlreadyExistsException.class);

        Path stored = dw.bucket(Layer.BRONZE).localFile(info.key()).orElseThrow();
        Files.writeString(stored, "id,speed\n1,99\n2,30\n");
        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).download(info.key(), dir.resolve("bad.csv")))
                .isInstanceOf(RdwException.class).hasMessageContaining("corrupt");
        assertThat(dir.resolve("bad.csv")).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void groupsKeysByProjectLikeTheDownloadService() {
        dw.bucket(Layer.BRONZE).upload(csv, "project1");
        dw.bucket(Layer.BRONZE).upload(csv, "project2");
        dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_a"));

        Map<String, List<String>> groups = dw.bucket(Layer.BRONZE).listByProject();
        assertThat(groups).containsOnlyKeys("project1", "project2");
        assertThat(groups.get("project1")).hasSize(2).allMatch(k -> k.startsWith("project1/"));
        assertThat(dw.bucket(Layer.BRONZE).list("project1/2025/t1")).hasSize(1);
    }

    @Test
    void undoesAWriteWhoseProvenanceCannotBeRecorded() throws Exception {
        dw.close();
        // a log whose folder is a plain file: every append fails
        Files.writeString(dir.resolve("a-file"), "");
        dw = client(new ProvenanceLog(dir.resolve("a-file").resolve("cannot-be-under-a-file.jsonl")));

        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(csv, "project1"))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("the write was undone");
        assertThat(dw.bucket(Layer.BRONZE).list()).isEmpty();
    }

    @Test
    void storesNothingAScannerRefuses() throws Exception {
        dw.close();
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(warehouse).build();
        ContentScanner refuseTestSignature = target -> new ContentScanner.Scan() {
            private final StringBuilder seen = new StringBuilder();

            @Override
            public void update(byte[] bytes, int offset, int length) {
                seen.append(new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1));
            }

            @Override
            public void finish() {
                if (seen.indexOf("EICAR-STANDARD-ANTIVIRUS-TEST-FILE") >= 0) {
                    throw new ForbiddenException(target + ": the scanner found Eicar-Test-Signature; nothing was stored");
                }
            }
        };
        dw = WarehouseClient.builder().config(config).scanner(refuseTestSignature).build();
        Path infected = Files.writeString(dir.resolve("infected.csv"), "a,b\nX5O!P%@AP,EICAR-STANDARD-ANTIVIRUS-TEST-FILE\n");

        assertThatThrownBy(() -> dw.bucket(Layer.BRONZE).upload(infected, "project1"))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("Eicar-Test-Signature");
        assertThat(dw.bucket(Layer.BRONZE).upload(csv, "project1").key()).startsWith("project1/");
        assertThat(dw.bucket(Layer.BRONZE).list()).hasSize(1);
        assertThat(events()).extracting(ProvenanceEvent::eventType)
                .containsExactlyInAnyOrder(ProvenanceEvent.FILE_REJECTED, ProvenanceEvent.FILE_UPLOADED);
        assertThat(events()).filteredOn(e -> e.eventType().equals(ProvenanceEvent.FILE_REJECTED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.customMetadata().get("reason").toString()).contains("Eicar-Test-Signature");
                    assertThat(e.sha256()).isEqualTo(io.redback.rdw.helpers.Hashing.sha256(infected));
                    assertThat(e.userId()).isNotBlank();
                });
    }

    @Test
    void resolvesLayersByLayerOrBucketName() {
        assertThat(dw.bucket("dw-bronze-bucket").layer()).isEqualTo(Layer.BRONZE);
        assertThat(dw.bucket("dw-bucket-silver").layer()).isEqualTo(Layer.SILVER);
        assertThatThrownBy(() -> dw.bucket("dw-bucket-metadata")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("dw-bucket-bronze");
        assertThat(new ObjectRef(Layer.GOLD, "p/x.csv").toString()).isEqualTo("gold:p/x.csv");
    }

    private void assertNothingWritten() throws Exception {
        for (Layer layer : Layer.values()) {
            assertThat(dw.bucket(layer).list()).isEmpty();
        }
        assertThat(events()).isEmpty();
        try (Stream<Path> files = Files.walk(warehouse)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
