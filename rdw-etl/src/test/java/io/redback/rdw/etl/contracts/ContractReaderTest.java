package io.redback.rdw.etl.contracts;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.etl.contracts.CheckSpec.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading contracts: both ODCS versions' spellings, and malformed contracts refused with the path of the key at fault. */
class ContractReaderTest {
    static final Path RESOURCES = Path.of("src/test/resources/contracts");

    @TempDir
    Path dir;

    private static String head(String apiVersion) {
        return "apiVersion: " + apiVersion + "\nkind: DataContract\nid: c1\nversion: 1.0.0\nstatus: active\n";
    }

    private static final String ONE_PROPERTY = """
            schema:
              - name: rides
                properties:
                  - name: speed
                    logicalType: number
                    quality:
            """;

    @Test
    void readsAVersion31ContractWithTheChecksItsSchemaImplies() {
        Contract c = Contract.read(RESOURCES.resolve("rides-v3.1.yaml"));
        assertThat(c.apiVersion()).isEqualTo("v3.1.0");
        assertThat(c.id()).isEqualTo("rides-contract");
        assertThat(c.version()).isEqualTo("1.2.0");
        assertThat(c.status()).isEqualTo("active");
        assertThat(c.objects()).containsExactly("rides");
        ContractObject rides = c.objectFor(null, "anything.parquet");
        // id: present, logicalType, required, unique; then device's present, type and its four quality checks
        assertThat(rides.checks().subList(0, 4)).extracting(CheckSpec::kind)
                .containsExactly(Kind.PRESENT, Kind.LOGICAL_TYPE, Kind.NULL_VALUES, Kind.DUPLICATE_VALUES);
        assertThat(rides.checks()).filteredOn(s -> "device_null_percent".equals(s.id())).singleElement()
                .satisfies(s -> {
                    assertThat(s.unit()).isEqualTo(Comparison.Unit.PERCENT);
                    assertThat(s.comparison().describe(s.unit())).isEqualTo("< 5 %");
                });
        assertThat(rides.checks()).filteredOn(s -> "tenant_order_unique".equals(s.id())).singleElement()
                .satisfies(s -> assertThat(s.columns()).containsExactly("tenant", "order_no"));
        assertThat(rides.checks()).filteredOn(s -> s.kind() == Kind.SQL).singleElement()
                .satisfies(s -> assertThat(s.property()).isEqualTo("speed"));
        // speed's logicalTypeOptions become one invalidValues check with both limits
        assertThat(rides.checks()).filteredOn(s -> "rides.speed.logicalTypeOptions".equals(s.id())).singleElement()
                .satisfies(s -> assertThat(List.of(s.args().minimum(), s.args().maximum())).containsExactly("0", "200"));
        assertThat(rides.notRun()).singleElement().asString().contains("properties[7].quality[0]", "text check");
        assertThat(c.toString()).contains("rides-contract 1.2.0", "ODCS v3.1.0");
    }

    @Test
    void readsTheVersion30SpellingOfTheSameChecks() {
        Contract c = Contract.read(RESOURCES.resolve("rides-v3.0.yaml"));
        List<CheckSpec> checks = c.objectFor(null, "rides").checks();
        assertThat(checks).filteredOn(s -> s.property() != null && s.property().equals("id") && s.kind() == Kind.DUPLICATE_VALUES)
                .hasSize(1);
        // rule: validValues with its values beside it, not under arguments
        assertThat(checks).filteredOn(s -> s.kind() == Kind.INVALID_VALUES).singleElement().satisfies(s -> {
            assertThat(s.args().validValues()).containsExactly("a", "b", "c");
            assertThat(s.blocking()).isFalse();
            assertThat(s.comparison().describe(s.unit())).isEqualTo("= 0");
        });
        assertThat(checks).filteredOn(s -> s.kind() == Kind.ROW_COUNT).singleElement()
                .satisfies(s -> assertThat(s.comparison().describe(s.unit())).isEqualTo("between 9 and 11 (inclusive)"));
    }

    @Test
    void aCompositePrimaryKeyIsCheckedWholeInTheOrderOfItsPositions() {
        Contract c = Contract.parse(head("v3.1.0") + """
                schema:
                  - name: orders
                    properties:
                      - name: order_no
                        primaryKey: true
                        primaryKeyPosition: 2
                      - name: tenant
                        primaryKey: true
                        primaryKeyPosition: 1
                """, "keys.yaml");
        ContractObject orders = c.objectFor(null, "orders");
        assertThat(orders.keyColumns()).containsExactly("tenant", "order_no");
        assertThat(orders.checks()).filteredOn(s -> s.kind() == Kind.DUPLICATE_VALUES).singleElement()
                .satisfies(s -> assertThat(s.columns()).containsExactly("tenant", "order_no"));
        // each key part must not be null, but need not be unique alone
        assertThat(orders.checks()).filteredOn(s -> s.kind() == Kind.NULL_VALUES).extracting(CheckSpec::property)
                .containsExactly("order_no", "tenant");
    }

    @Test
    void aMalformedContractIsRefusedWithThePathOfTheOffendingKey() {
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + ONE_PROPERTY + """
                          - metric: nullValues
                            mustBeBetween: [5]
                """, "c.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("c.yaml: not a valid ODCS v3.1.0 contract")
                .hasMessageContaining("$.schema[0].properties[0].quality[0].mustBeBetween: ");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + ONE_PROPERTY + """
                          - metric: nullValues
                """, "c.yaml")).hasMessageContaining("$.schema[0].properties[0].quality[0]: needs exactly one of mustBe, "
                + "mustNotBe, mustBeGreaterThan");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + ONE_PROPERTY + """
                          - metric: emptyValues
                            mustBe: 0
                """, "c.yaml")).hasMessageContaining("$.schema[0].properties[0].quality[0].metric: ");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0").replace("status: active\n", ""), "c.yaml"))
                .hasMessageContaining("$: ").hasMessageContaining("status");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + "schema:\n  - name: t\n    properties:\n"
                + "      - name: a\n        required: \"yes\"\n", "c.yaml"))
                .hasMessageContaining("$.schema[0].properties[0].required: ");
    }

    @Test
    void rangesWithoutALogicalTypeAreRefusedWithAHint() {
        // ODCS's schema reads logicalTypeOptions by logicalType, and one without a type as a timestamp's (strings)
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + """
                schema:
                  - name: t
                    properties:
                      - name: speed
                        logicalTypeOptions: {minimum: 0}
                """, "c.yaml")).hasMessageContaining("$.schema[0].properties[0].logicalTypeOptions.minimum: ")
                .hasMessageEndingWith("(logicalTypeOptions are read by the property's logicalType: declare it, e.g. "
                        + "logicalType: number)");
    }

    @Test
    void whatTheSchemaLetsThroughButRdwCannotRunIsRefusedByPathToo() {
        // v3.0's schema allows any rule name and unit
        assertThatThrownBy(() -> Contract.parse(head("v3.0.2") + ONE_PROPERTY + """
                          - rule: sometimesNull
                """, "old.yaml")).isInstanceOf(InvalidInputException.class)
                .hasMessage("old.yaml: $.schema[0].properties[0].quality[0].rule: 'sometimesNull' is not a metric rdw "
                        + "knows; use nullValues, missingValues, invalidValues, duplicateValues or rowCount "
                        + "(v3.0: duplicateCount, validValues)");
        assertThatThrownBy(() -> Contract.parse(head("v3.0.2") + ONE_PROPERTY + """
                          - rule: nullValues
                            unit: bananas
                """, "old.yaml")).hasMessage("old.yaml: $.schema[0].properties[0].quality[0].unit: is 'bananas'; use "
                + "rows or percent");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + ONE_PROPERTY + """
                          - metric: invalidValues
                            mustBe: 0
                """, "c.yaml")).hasMessage("c.yaml: $.schema[0].properties[0].quality[0].arguments: invalidValues "
                + "needs validValues or pattern");
        assertThatThrownBy(() -> Contract.parse(head("v3.1.0") + """
                schema:
                  - name: t
                    quality:
                      - metric: nullValues
                        mustBe: 0
                """, "c.yaml")).hasMessageContaining("$.schema[0].quality[0]: nullValues on an object needs "
                + "arguments.properties");
    }

    @Test
    void versionsRdwDoesNotReadAndTextThatIsNoContractAreRefused() throws Exception {
        assertThatThrownBy(() -> Contract.parse(head("v2.2.2"), "old.yaml"))
                .hasMessage("old.yaml: $.apiVersion: 'v2.2.2' is not a version rdw reads; use one of v3.0.0, v3.0.1, "
                        + "v3.0.2, v3.1.0 (Open Data Contract Standard)");
        assertThatThrownBy(() -> Contract.parse("kind: DataContract\n", "c.yaml"))
                .hasMessageStartingWith("c.yaml: $.apiVersion: missing");
        assertThatThrownBy(() -> Contract.parse("- a\n- b\n", "c.yaml"))
                .hasMessageContaining("a YAML mapping").hasMessageContaining("this is a array");
        assertThatThrownBy(() -> Contract.parse("apiVersion: v3.1.0\n  id: [unclosed\n", "c.yaml"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("c.yaml: not readable as YAML at line ");
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), (head("v3.1.0") + "name: caf\u00e9\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Contract.read(latin1)).hasMessage("latin1.yaml: not UTF-8 text");
        Path big = Files.writeString(dir.resolve("big.yaml"), head("v3.1.0") + "# " + "x".repeat(Contract.MAX_BYTES));
        assertThatThrownBy(() -> Contract.read(big)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a contract is at most 1048576 bytes");
        assertThatThrownBy(() -> Contract.read(dir.resolve("none.yaml"))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aContractWithSeveralObjectsIsMatchedToADatasetByName() {
        Contract c = Contract.parse(head("v3.1.0") + """
                schema:
                  - name: rides
                  - name: devices
                    physicalName: device_list
                """, "two.yaml");
        assertThat(c.objectFor(null, "rides_processed.parquet").name()).isEqualTo("rides");
        assertThat(c.objectFor(null, "device_list.parquet").name()).isEqualTo("devices");
        assertThat(c.objectFor("devices", "whatever").name()).isEqualTo("devices");
        assertThatThrownBy(() -> c.objectFor(null, "trips.parquet"))
                .hasMessageContaining("has 2 objects (rides, devices) and none is named after 'trips.parquet'");
        assertThatThrownBy(() -> c.objectFor("trips", "x")).hasMessageContaining("has no object 'trips'");
    }
}
