package io.redback.rdw.etl.contracts;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.TestWarehouse;
import io.redback.rdw.etl.contracts.CheckResult.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each kind of check, passing and failing on {@link ContractData#RIDES}, whose counts are worked out by hand in its
 * comment; checked by the embedded engine through the SELECT-only guard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractCheckTest {
    private Path dir;
    private WarehouseClient dw;
    private ObjectRef rides;

    @BeforeAll
    void data(@TempDir Path folder) {
        dir = folder;
        dw = TestWarehouse.open(dir.resolve("wh"), "256MB", "1");
        rides = ContractData.silver(dw, dir, "p/2025/t1_rides/rides.parquet", ContractData.RIDES);
    }

    @AfterAll
    void close() {
        dw.close();
    }

    private ContractReport check(String yaml) {
        return Contracts.on(dw).check(rides, Contract.parse(yaml, "test.yaml"));
    }

    private static CheckResult byId(ContractReport r, String id) {
        return r.checks().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + id + " in\n" + r));
    }

    /** A v3.1.0 contract of the rides object with {@code properties} and object-level {@code quality}. */
    private static String contract(String properties, String quality) {
        return "apiVersion: v3.1.0\nkind: DataContract\nid: t\nversion: 1.0.0\nstatus: active\nschema:\n  - name: rides\n"
                + "    properties:\n" + properties.indent(6) + (quality.isEmpty() ? "" : "    quality:\n" + quality.indent(6));
    }

    @Test
    void theRidesContractMeasuresWhatWasWorkedOutByHand() {
        ContractReport r = Contracts.on(dw).check(rides, Contract.read(ContractReaderTest.RESOURCES.resolve("rides-v3.1.yaml")));
        Map<String, Object> values = new LinkedHashMap<>();
        r.checks().forEach(c -> values.put(c.id(), c.value()));
        assertThat(values).containsEntry("rides.id.required", 0L).containsEntry("rides.id.unique", 1L)
                .containsEntry("device_no_nulls", 1L).containsEntry("device_missing", 3L).containsEntry("device_valid", 3L)
                .containsEntry("rides.speed.logicalTypeOptions", 2L).containsEntry("speed_over_100", 1L)
                .containsEntry("code_pattern", 2L).containsEntry("rides.when_text.logicalType", 1L)
                .containsEntry("rows_about_ten", 10L).containsEntry("tenant_order_unique", 3L);
        assertThat(((Number) values.get("device_null_percent")).doubleValue()).isEqualTo(10.0);
        assertThat(byId(r, "device_missing").result()).isEqualTo(Result.PASSED);
        assertThat(byId(r, "device_valid").result()).as("severity warning").isEqualTo(Result.WARNING);
        assertThat(byId(r, "rows_about_ten").result()).isEqualTo(Result.PASSED);
        assertThat(byId(r, "rows_over_ten").result()).isEqualTo(Result.FAILED);
        assertThat(r.valid()).isFalse();
        assertThat(r.failures()).extracting(CheckResult::id).containsExactly("rides.id.unique", "device_no_nulls",
                "device_null_percent", "rides.speed.logicalTypeOptions", "speed_over_100", "code_pattern",
                "rides.when_text.logicalType", "rows_over_ten", "tenant_order_unique");
        // the counts in one pass; then the composite key, the SQL check and one query per failure with rows to show
        assertThat(r.passes()).isEqualTo(1 + 1 + 1 + 8);
        assertThat(r.notRun()).hasSize(1);
    }

    @Test
    void failuresNameTheirRowsByKeyAndValue() {
        ContractReport r = Contracts.on(dw).check(rides, Contract.read(ContractReaderTest.RESOURCES.resolve("rides-v3.1.yaml")));
        assertThat(byId(r, "rides.speed.logicalTypeOptions").failedSamples())
                .extracting(m -> ((Number) m.get("speed")).doubleValue()).containsExactlyInAnyOrder(-5.0, 250.0);
        assertThat(byId(r, "rides.id.unique").failedSamples()).extracting(m -> m.get("id")).containsExactly(9L, 9L);
        assertThat(byId(r, "code_pattern").failedSamples()).extracting(m -> m.get("code"))
                .containsExactlyInAnyOrder("ab3", "GH55");
        assertThat(byId(r, "tenant_order_unique").failedSamples()).hasSize(5)
                .extracting(m -> m.get("tenant") + "/" + m.get("order_no"))
                .containsExactly("t1/3", "t1/3", "t2/2", "t2/2", "t2/2");
        assertThat(byId(r, "rides.when_text.logicalType").failedSamples()).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("when_text", "yesterday").containsEntry("id", 8L));
        assertThat(byId(r, "device_no_nulls").failedSamples()).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("device", null).containsEntry("id", 7L));
        assertThat(byId(r, "rides.when_text.logicalType").message()).isEqualTo("1 value is not timestamp");
        assertThat(byId(r, "device_null_percent").message()).isEqualTo("nullValues: 10 % (must be < 5 %)");
    }

    @Test
    void theVersion30SpellingMeasuresTheSame() {
        ContractReport old = Contracts.on(dw).check(rides, Contract.read(ContractReaderTest.RESOURCES.resolve("rides-v3.0.yaml")));
        assertThat(old.checks()).filteredOn(c -> c.metric().equals("duplicateValues")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualTo(1L));
        assertThat(old.checks()).filteredOn(c -> c.metric().equals("invalidValues")).singleElement()
                .satisfies(c -> {
                    assertThat(c.value()).isEqualTo(3L);
                    assertThat(c.result()).isEqualTo(Result.WARNING);
                });
        assertThat(old.checks()).filteredOn(c -> c.metric().equals("sql")).singleElement()
                .satisfies(c -> assertThat(c.value()).isEqualTo(1L));
        assertThat(old.checks()).filteredOn(c -> c.metric().equals("rowCount")).singleElement()
                .satisfies(c -> assertThat(c.result()).isEqualTo(Result.PASSED));
        assertThat(old.checks()).filteredOn(c -> c.metric().equals("nullValues")).singleElement()
                .satisfies(c -> assertThat(((Number) c.value()).doubleValue()).isEqualTo(10.0));
    }

    @Test
    void rangesIncludeBothEnds() {
        ContractReport r = check(contract("- name: id", """
                - {id: b1, metric: rowCount, mustBeBetween: [10, 12]}
                - {id: b2, metric: rowCount, mustBeBetween: [11, 12]}
                - {id: b3, metric: rowCount, mustBeBetween: [8, 10]}
                - {id: n1, metric: rowCount, mustNotBeBetween: [10, 12]}
                - {id: n2, metric: rowCount, mustNotBeBetween: [11, 12]}
                - {id: g1, metric: rowCount, mustBeGreaterOrEqualTo: 10}
                - {id: l1, metric: rowCount, mustBeLessOrEqualTo: 9}
                - {id: ne, metric: rowCount, mustNotBe: 10}
                """));
        assertThat(r.checks()).filteredOn(c -> c.metric().equals("rowCount"))
                .extracting(c -> c.id() + "=" + c.result().label())
                .containsExactly("b1=passed", "b2=failed", "b3=passed", "n1=failed", "n2=passed", "g1=passed",
                        "l1=failed", "ne=failed");
        assertThat(byId(r, "b1").threshold()).isEqualTo("between 10 and 12 (inclusive)");
    }

    @Test
    void percentThresholdsAreOfAllRows() {
        ContractReport r = check(contract("""
                - name: device
                  quality:
                    - {id: p1, metric: nullValues, unit: percent, mustBeLessOrEqualTo: 10}
                    - {id: p2, metric: missingValues, unit: percent, mustBeLessThan: 30, arguments: {missingValues: [null, '', N/A]}}
                - name: id
                  quality:
                    - {id: p3, metric: duplicateValues, unit: percent, mustBe: 10}
                """, ""));
        // 1 null of 10 rows; 3 missing of 10 = 30 %; 1 duplicate id of 10 = 10 %
        assertThat(byId(r, "p1").result()).isEqualTo(Result.PASSED);
        assertThat(((Number) byId(r, "p2").value()).doubleValue()).isEqualTo(30.0);
        assertThat(byId(r, "p2").result()).isEqualTo(Result.FAILED);
        assertThat(byId(r, "p3").result()).isEqualTo(Result.PASSED);
    }

    @Test
    void warningsAndInfoDoNotMakeTheDatasetInvalid() {
        ContractReport r = check(contract("""
                - name: device
                  quality:
                    - {id: w1, metric: nullValues, mustBe: 0, severity: warning}
                    - {id: w2, metric: invalidValues, arguments: {validValues: [a]}, mustBe: 0, severity: info}
                """, ""));
        assertThat(r.checks()).extracting(CheckResult::result).containsOnly(Result.PASSED, Result.WARNING);
        assertThat(byId(r, "w2").value()).as("b, b, c, x, '' and N/A are not a").isEqualTo(6L);
        assertThat(r.valid()).isTrue();
        assertThat(r.summary()).endsWith(": 1 passed, 2 warning");
    }

    @Test
    void aSqlCheckMayOnlyRead() {
        ContractReport r = check(contract("""
                - name: speed
                  quality:
                    - {id: writes, type: sql, query: "DELETE FROM {object} WHERE {property} > 100", mustBe: 0}
                    - {id: two, type: sql, query: "SELECT 1; DROP TABLE x", mustBe: 0}
                    - {id: rows, type: sql, query: "SELECT id FROM {object}", mustBe: 0}
                    - {id: ok, type: sql, query: "SELECT AVG({property}) > 20 FROM {object}", mustBe: true}
                """, ""));
        assertThat(byId(r, "writes").result()).isEqualTo(Result.ERROR);
        assertThat(byId(r, "writes").message()).contains("DELETE");
        assertThat(byId(r, "two").result()).isEqualTo(Result.ERROR);
        assertThat(byId(r, "rows").message()).contains("returned 10 rows of 1 columns; a sql check returns one number");
        // 375 / 9 non-null speeds = 41.7 > 20: true counts as 1
        assertThat(byId(r, "ok").result()).isEqualTo(Result.PASSED);
        assertThat(r.valid()).isFalse();
        // the data is untouched
        assertThat(check(contract("- name: id", "- {id: n, metric: rowCount, mustBe: 10}")).valid()).isTrue();
    }

    @Test
    void typesAreCheckedAgainstTheColumnsAndMissingColumnsAreNamed() {
        ContractReport r = check(contract("""
                - {name: speed, logicalType: integer}
                - {name: device, logicalType: date}
                - {name: wheels, logicalType: integer, required: true}
                - {name: when_text, logicalType: string, logicalTypeOptions: {minLength: 10, maxLength: 10}}
                """, ""));
        // 10.0, 20.0, ... are whole: speed fits integer (its DECIMAL column holds no fractions)
        assertThat(byId(r, "t.speed.logicalType".replace("t.", "rides."))).satisfies(c -> {
            assertThat(c.result()).isEqualTo(Result.PASSED);
            assertThat(c.value()).isEqualTo(0L);
        });
        // text declared date: each text that does not read as one counts (the 9 non-null devices)
        assertThat(byId(r, "rides.device.logicalType").result()).as(r.toString()).isEqualTo(Result.FAILED);
        assertThat(byId(r, "rides.device.logicalType").message()).isEqualTo("9 values are not date");
        // a number declared date cannot hold one at all
        ContractReport typed = check(contract("- {name: id, logicalType: date}", ""));
        assertThat(byId(typed, "rides.id.logicalType").message()).isEqualTo("id is BIGINT, which does not hold date values");
        assertThat(byId(r, "rides.wheels.present").result()).isEqualTo(Result.FAILED);
        assertThat(byId(r, "rides.wheels.present").message()).startsWith("the dataset has no column wheels; it has id, device");
        assertThat(byId(r, "rides.wheels.required").result()).isEqualTo(Result.ERROR);
        // '2025-01-01' is 10 long; the 19-long timestamps and 'yesterday' (9) are not
        assertThat(byId(r, "rides.when_text.logicalTypeOptions").value()).isEqualTo(8L);
    }

    @Test
    void hostileNamesAndValuesAreQuotedNotRun() {
        ObjectRef odd = ContractData.silver(dw, dir, "p/2025/t1_odd/odd.parquet", """
                SELECT * FROM (VALUES (1, 'x''); DROP TABLE y; --'), (2, 'plain'), (3, NULL))
                AS v(id, "we""ird col")""");
        ContractReport r = Contracts.on(dw).check(odd, Contract.parse("""
                apiVersion: v3.1.0
                kind: DataContract
                id: odd
                version: 1.0.0
                status: active
                schema:
                  - name: odd
                    properties:
                      - name: 'we"ird col'
                        required: true
                        quality:
                          - {id: v, metric: invalidValues, arguments: {validValues: ["x'); DROP TABLE y; --"]}, mustBe: 0}
                          - {id: p, metric: invalidValues, arguments: {pattern: "^[a-z]+$"}, mustBe: 0}
                """, "odd.yaml"));
        assertThat(byId(r, "odd.we\"ird col.required").value()).isEqualTo(1L);
        assertThat(byId(r, "v").value()).as("only 'plain' is not the listed value").isEqualTo(1L);
        assertThat(byId(r, "p").value()).isEqualTo(1L);
        assertThat(byId(r, "p").failedSamples()).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("we\"ird col", "x'); DROP TABLE y; --"));
    }

    @Test
    void aPatternTheEngineCannotCompileFailsOnlyItsOwnCheck() {
        ContractReport r = check(contract("""
                - name: code
                  quality:
                    - {id: broken, metric: invalidValues, arguments: {pattern: "([A-Z"}, mustBe: 0}
                    - {id: fine, metric: nullValues, mustBe: 0}
                """, ""));
        assertThat(byId(r, "broken").result()).isEqualTo(Result.ERROR);
        assertThat(byId(r, "fine").result()).isEqualTo(Result.PASSED);
    }

    @Test
    void aDatasetThatIsNotThereIsNotFound() {
        assertThatThrownBy(() -> Contracts.on(dw).check(ObjectRef.parse("silver:p/2025/nothing.parquet"),
                Contract.read(ContractReaderTest.RESOURCES.resolve("rides-v3.1.yaml"))))
                .isInstanceOf(io.redback.rdw.NotFoundException.class);
    }

    @Test
    void aFolderOfObjectsIsOneDataset() {
        ContractData.silver(dw, dir, "p/2025/t2_more/a.parquet", ContractData.RIDES);
        ContractData.silver(dw, dir, "p/2025/t2_more/b.parquet", ContractData.RIDES);
        ContractReport r = Contracts.on(dw).check(ObjectRef.parse("silver:p/2025/t2_more"),
                Contract.parse(contract("- {name: id, unique: true}", "- {id: n, metric: rowCount, mustBe: 20}"), "t.yaml"));
        assertThat(byId(r, "n").result()).isEqualTo(Result.PASSED);
        // every id is there twice, and 9 four times: 10 + 1 duplicates... 20 rows, 9 distinct ids
        assertThat(byId(r, "rides.id.unique").value()).isEqualTo(11L);
        assertThat(List.of(r.dataset())).containsExactly("silver:p/2025/t2_more");
    }
}
