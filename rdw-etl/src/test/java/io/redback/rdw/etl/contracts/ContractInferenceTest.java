package io.redback.rdw.etl.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.TestWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A contract inferred from a dataset is valid ODCS v3.1.0, says what the data holds, and the data keeps it. */
class ContractInferenceTest {
    @TempDir
    Path dir;

    @Test
    void inferredContractsDescribeTheDataAndTheDataKeepsThem() throws Exception {
        try (WarehouseClient dw = TestWarehouse.open(dir.resolve("wh"), "256MB", "1")) {
            ObjectRef rides = ContractData.silver(dw, dir, "p/2025/t1_rides/rides.parquet", ContractData.RIDES);
            String yaml = Contracts.on(dw).infer(rides);
            Contract inferred = Contract.parse(yaml, "inferred.yaml"); // valid against v3.1.0's schema, or this throws
            assertThat(inferred.apiVersion()).isEqualTo("v3.1.0");
            assertThat(inferred.status()).isEqualTo("draft");

            JsonNode object = new ObjectMapper(new YAMLFactory()).readTree(yaml).path("schema").get(0);
            assertThat(object.path("name").asText()).isEqualTo("rides");
            JsonNode id = property(object, "id");
            // 9 appears twice: required (no nulls) but not unique
            assertThat(id.path("logicalType").asText()).isEqualTo("integer");
            assertThat(id.path("physicalType").asText()).isEqualTo("BIGINT");
            assertThat(id.path("required").asBoolean()).isTrue();
            assertThat(id.has("unique")).isFalse();
            assertThat(id.path("logicalTypeOptions").path("minimum").asLong()).isEqualTo(1);
            assertThat(id.path("logicalTypeOptions").path("maximum").asLong()).isEqualTo(9);
            // code: ten different values, none missing
            assertThat(property(object, "code").path("unique").asBoolean()).isTrue();
            // device has a null: not required; speed's range is -5 to 250
            assertThat(property(object, "device").has("required")).isFalse();
            assertThat(property(object, "speed").path("logicalTypeOptions").path("minimum").asDouble()).isEqualTo(-5.0);
            assertThat(property(object, "speed").path("logicalTypeOptions").path("maximum").asDouble()).isEqualTo(250.0);
            // tenant: two values in ten rows, a value set; device's 6 values in 10 rows are too many to call a set
            assertThat(property(object, "tenant").path("quality").get(0).path("arguments").path("validValues"))
                    .extracting(JsonNode::asText).containsExactly("t1", "t2");
            assertThat(property(object, "device").has("quality")).isFalse();

            ContractReport r = Contracts.on(dw).check(rides, inferred);
            assertThat(r.failures()).as(r.toString()).isEmpty();
            assertThat(r.checks()).hasSizeGreaterThan(20);
        }
    }

    private static JsonNode property(JsonNode object, String name) {
        for (JsonNode p : object.path("properties")) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no property " + name);
    }
}
