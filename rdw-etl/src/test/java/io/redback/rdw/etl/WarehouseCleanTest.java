package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarehouseCleanTest {
    @TempDir
    Path dir;
    WarehouseClient dw;

    @BeforeEach
    void open() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh"))
                .set("rdw.embedded.memory-limit", "256MB").build();
        dw = WarehouseClient.builder().config(config).build();
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private ObjectInfo upload(String content) throws Exception {
        Path csv = Files.writeString(dir.resolve("rides.csv"), content);
        return dw.bucket(Layer.BRONZE).upload(csv, "project1", o -> o.task("t1_rides"));
    }

    @Test
    void cleansBronzeIntoSilverWithLineageAndOneEvent() throws Exception {
        ObjectInfo raw = upload("Ride ID,Speed km/h,Empty\n1,12.5,\n2,30,\n2,30,\n");
        PipelineResult r = Pipelines.on(dw).clean(raw.key());

        ObjectInfo silver = r.silverObject().orElseThrow();
        assertThat(silver.key()).isEqualTo(raw.key().replace(".csv", "_processed.parquet"));
        assertThat(silver.derivedFrom()).contains(raw.ref());
        assertThat(silver.pipeline()).contains("clean");
        assertThat(silver.metadata()).containsEntry("rdw-source-sha256", raw.sha256().orElseThrow())
                .containsKey("rdw-pipeline-spec");
        assertThat(r.rowsOut()).isEqualTo(2);

        List<ProvenanceEvent> derived = dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.OBJECT_DERIVED));
        assertThat(derived).hasSize(1);
        assertThat(derived.get(0).lineage().source()).isEqualTo(raw.ref());
        assertThat(derived.get(0).customMetadata()).containsEntry("rows_in", 3).containsEntry("rows_out", 2);

        String path = "\"dw-bucket-silver\".\"" + String.join("\".\"", silver.key().split("/")) + "\"";
        List<Row> rows = dw.query("SELECT ride_id, speed_km_h FROM " + path + " ORDER BY unique_id").toList();
        assertThat(rows).extracting(row -> row.get("ride_id")).containsExactly(1L, 2L);
        assertThat(rows).extracting(row -> row.get("speed_km_h")).containsExactly(12.5, 30.0);
    }

    @Test
    void doesNothingWhenRunAgainOnTheSameBronzeObject() throws Exception {
        ObjectInfo raw = upload("a,b\n1,2\n3,4\n");
        PipelineResult first = Pipelines.on(dw).clean(raw.key());
        PipelineResult second = Pipelines.on(dw).clean(raw.key());

        assertThat(second.reused()).isTrue();
        assertThat(second.silverObject().orElseThrow().key()).isEqualTo(first.silverObject().orElseThrow().key());
        assertThat(dw.provenance(ProvenanceQuery.all().layer(Layer.SILVER))).hasSize(1);
    }

    @Test
    void writesNothingToSilverForAMalformedBronzeObject() throws Exception {
        ObjectInfo raw = upload("a,b,c\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> Pipelines.on(dw).clean(raw.key()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(new ObjectRef(Layer.BRONZE, raw.key()) + ": line 3: ");
        assertThat(dw.bucket(Layer.SILVER).list()).isEmpty();
        assertThat(dw.provenance(ProvenanceQuery.all().layer(Layer.SILVER))).isEmpty();
    }

    @Test
    void refusesObjectsThatAreNotTablesOrDoNotExist() throws Exception {
        Path json = Files.writeString(dir.resolve("numbers.json"), "[1, 2, 3]");
        ObjectInfo doc = dw.bucket(Layer.BRONZE).upload(json, "project1");
        assertThatThrownBy(() -> Pipelines.on(dw).clean(doc.key())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a JSON file of records");
        assertThatThrownBy(() -> Pipelines.on(dw).clean("project1/2025/nope.csv")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> Pipelines.on(dw).clean("../../etc/passwd")).isInstanceOf(InvalidInputException.class);
        assertThat(dw.bucket(Layer.SILVER).list()).isEmpty();
    }

    @Test
    void processesABronzeObjectAgainWhenItsContentChanged() throws Exception {
        // the upload service wrote bronze objects without rdw's tags, and replaced a corrected file under its old name
        Path legacy = dir.resolve("wh").resolve("dw-bucket-bronze").resolve("project1").resolve("2025").resolve("rides.csv");
        Files.createDirectories(legacy.getParent());
        Files.writeString(legacy, "a,b\n1,2\n3,4\n");
        PipelineResult first = Pipelines.on(dw).clean("project1/2025/rides.csv");
        Files.writeString(legacy, "a,b\n1,2\n3,4\n5,6\n");

        PipelineResult second = Pipelines.on(dw).clean("project1/2025/rides.csv");
        PipelineResult third = Pipelines.on(dw).clean("project1/2025/rides.csv");

        assertThat(first.rowsOut()).isEqualTo(2);
        assertThat(second.reused()).isFalse();
        assertThat(second.rowsOut()).isEqualTo(3);
        assertThat(second.silverObject().orElseThrow().key()).isEqualTo(first.silverObject().orElseThrow().key());
        assertThat(second.silverObject().orElseThrow().metadata().get("rdw-source-sha256"))
                .isNotEqualTo(first.silverObject().orElseThrow().metadata().get("rdw-source-sha256"));
        assertThat(third.reused()).isTrue();
        assertThat(dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.OBJECT_DERIVED))).hasSize(2);
    }

    @Test
    void neverReplacesASilverObjectMadeFromAnotherSourceUnlessAsked() throws Exception {
        ObjectInfo one = upload("a,b\n1,2\n");
        ObjectInfo two = upload("a,b\n7,8\n9,10\n");
        String key = "project1/2025/t1_rides/rides_clean.parquet";
        Pipelines.on(dw).clean(one.key(), o -> o.outputKey(key));

        assertThatThrownBy(() -> Pipelines.on(dw).clean(two.key(), o -> o.outputKey(key)))
                .isInstanceOf(io.redback.rdw.AlreadyExistsException.class);
        assertThat(dw.bucket(Layer.SILVER).stat(key).derivedFrom()).contains(one.ref());

        PipelineResult replaced = Pipelines.on(dw).clean(two.key(), o -> o.outputKey(key).overwrite());
        assertThat(replaced.rowsOut()).isEqualTo(2);
        assertThat(dw.bucket(Layer.SILVER).stat(key).derivedFrom()).contains(two.ref());
    }
}
