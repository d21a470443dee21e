package io.redback.rdw.etl.contracts;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipeline;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.etl.TestWarehouse;
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

/** A pipeline with a contract checks its output before writing it, and writes nothing that breaks it. */
class ContractGateTest {
    @TempDir
    Path dir;
    private WarehouseClient dw;

    /** After clean: ride_id 1, 2, 3 (the duplicate row dropped), speed 12.5, 30, 250. */
    private static final String RIDES = "Ride ID,Speed,Device\n1,12.5,a\n2,30,b\n2,30,b\n3,250,c\n";

    private static String contract(String maxSpeed, String severity) {
        return """
                apiVersion: v3.1.0
                kind: DataContract
                id: rides-clean
                version: 2.0.0
                status: active
                schema:
                  - name: rides
                    properties:
                      - name: ride_id
                        logicalType: integer
                        primaryKey: true
                      - name: speed
                        logicalType: number
                        quality:
                          - id: speed_limit
                            metric: invalidValues
                            arguments:
                              pattern: '^[0-9]'
                            mustBe: 0
                          - id: speed_max
                            type: sql
                            query: SELECT COUNT(*) FROM {object} WHERE {property} > %s
                            mustBe: 0
                            severity: %s
                """.formatted(maxSpeed, severity);
    }

    @BeforeEach
    void open() {
        dw = TestWarehouse.open(dir.resolve("wh"), "256MB", "1");
    }

    @AfterEach
    void close() {
        dw.close();
    }

    private String upload() throws Exception {
        return dw.bucket(Layer.BRONZE).upload(Files.writeString(dir.resolve("rides.csv"), RIDES), "project1",
                o -> o.task("t1_rides")).key();
    }

    @Test
    void aFailingContractWritesNothingAndRecordsWhy() throws Exception {
        String key = upload();
        Contract strict = Contract.parse(contract("200", "error"), "strict.yaml");
        ContractFailedException e = (ContractFailedException) org.assertj.core.api.Assertions.catchThrowable(
                () -> Pipelines.on(dw).clean(key, o -> o.contract(strict)));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("silver:" + key.replace(".csv", "_processed.parquet")
                + " breaks contract rides-clean 2.0.0: 1 check failed (speed_max); nothing was written");
        assertThat(e.report().failures()).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(1L));
        assertThat(dw.bucket(Layer.SILVER).list("project1/")).isEmpty();

        List<ProvenanceEvent> failed = dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.CONTRACT_FAILED));
        assertThat(failed).singleElement().satisfies(ev -> {
            assertThat(ev.objectKey()).isEqualTo(key);
            assertThat(ev.customMetadata()).containsEntry("contract_id", "rides-clean")
                    .containsEntry("contract_version", "2.0.0")
                    .containsEntry("contract_sha256", strict.sha256())
                    .containsEntry("output_key", key.replace(".csv", "_processed.parquet"));
            assertThat(ev.customMetadata().get("failed_checks")).asList().singleElement()
                    .satisfies(f -> {
                        Map<?, ?> check = (Map<?, ?>) f;
                        assertThat(check.get("id")).isEqualTo("speed_max");
                        assertThat(((Number) check.get("value")).longValue()).isEqualTo(1L);
                    });
        });
        assertThat(dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.OBJECT_DERIVED))).isEmpty();
    }

    @Test
    void aPassIsRecordedInTheSilverObjectsLineage() throws Exception {
        String key = upload();
        Contract fine = Contract.parse(contract("300", "error"), "fine.yaml");
        PipelineResult r = Pipelines.on(dw).clean(key, o -> o.contract(fine));
        ObjectInfo silver = r.silverObject().orElseThrow();
        assertThat(r.contract()).hasValueSatisfying(c -> assertThat(c.valid()).isTrue());
        assertThat(silver.metadata()).containsEntry("contract-id", "rides-clean")
                .containsEntry("contract-version", "2.0.0").containsEntry("contract-sha256", fine.sha256());
        ProvenanceEvent derived = dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.OBJECT_DERIVED)).get(0);
        assertThat(derived.customMetadata()).containsEntry("contract_id", "rides-clean")
                .containsEntry("contract_version", "2.0.0").containsEntry("contract_checks", r.contract().get().checks().size());
        assertThat(r.phases()).containsKeys("statement", "contract", "write");

        // the same input, pipeline and contract: nothing to do; another contract: checked and written again
        assertThat(Pipelines.on(dw).clean(key, o -> o.contract(fine)).reused()).isTrue();
        Contract warned = Contract.parse(contract("200", "warning"), "warned.yaml");
        PipelineResult again = Pipelines.on(dw).clean(key, o -> o.contract(warned));
        assertThat(again.reused()).isFalse();
        assertThat(again.contract().orElseThrow().count(CheckResult.Result.WARNING)).isEqualTo(1);
        assertThat(dw.bucket(Layer.SILVER).stat(silver.key()).metadata()).containsEntry("contract-sha256", warned.sha256());
    }

    @Test
    void aLocalRunThatBreaksItsContractLeavesNoOutputFile() throws Exception {
        Path in = Files.writeString(dir.resolve("in.csv"), RIDES);
        Path out = dir.resolve("out.parquet");
        Contract strict = Contract.parse(contract("200", "error"), "strict.yaml");
        assertThatThrownBy(() -> Pipelines.run(Pipeline.clean(), in, out, dw, o -> o.contract(strict)))
                .isInstanceOf(ContractFailedException.class).hasMessageStartingWith("out.parquet breaks contract");
        assertThat(out).doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("in.csv", "wh");
    }

    @Test
    void aYamlPipelineNamesItsContract() throws Exception {
        Files.writeString(dir.resolve("rides.odcs.yaml"), contract("200", "error"));
        Path yaml = Files.writeString(dir.resolve("pipeline.yaml"), """
                contract: rides.odcs.yaml
                tabular:
                  preprocessing:
                    cleaning:
                      clean_up: true
                """);
        Pipeline p = Pipeline.fromYaml(yaml);
        assertThat(p.contract().id()).isEqualTo("rides-clean");
        Path in = Files.writeString(dir.resolve("in.csv"), RIDES);
        assertThatThrownBy(() -> Pipelines.run(p, in, dir.resolve("out.csv"), dw, o -> { }))
                .isInstanceOf(ContractFailedException.class);
        // the caller's contract goes before the pipeline's
        PipelineResult r = Pipelines.run(p, in, dir.resolve("out.csv"), dw,
                o -> o.contract(Contract.parse(contract("300", "error"), "c.yaml")));
        assertThat(r.rowsOut()).isEqualTo(3);
        assertThat(p.specHash()).isEqualTo(new Pipeline(p.name(), p.steps()).specHash());
        assertThatThrownBy(() -> Pipeline.fromYaml(Files.writeString(dir.resolve("bad.yaml"),
                "contract: [a]\ntabular: {preprocessing: {cleaning: {clean_up: true}}}\n")))
                .hasMessageContaining("contract: expected the path of an ODCS contract file");
    }
}
