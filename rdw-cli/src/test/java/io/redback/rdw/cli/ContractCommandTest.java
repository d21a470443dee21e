package io.redback.rdw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rdw contract} and {@code rdw clean --contract} end to end on an embedded warehouse: the done-when of the issue. */
class ContractCommandTest {
    @TempDir
    Path dir;

    private CommandRun rdw(String... args) {
        return CommandRun.in(dir.resolve("wh"), args);
    }

    @Test
    void inferEditACheckAndTheCleanIsRefusedThenPasses() throws Exception {
        Path csv = Files.writeString(dir.resolve("rides.csv"), "Ride ID,Speed,Device\n1,12.5,a\n2,30,b\n2,30,b\n3,41,c\n4,7,a\n");
        String key = rdw("upload", csv.toString(), "--project", "project1").out().strip();
        String silver = rdw("clean", "--key", key).out().strip();
        Path contract = dir.resolve("rides.odcs.yaml");
        CommandRun infer = rdw("contract", "infer", "silver", silver, "--output", contract.toString());
        assertThat(infer.code()).as(infer.err()).isZero();
        assertThat(rdw("contract", "infer", "silver", silver, "--output", contract.toString()).code())
                .as("an existing file is not replaced").isEqualTo(Main.REFUSED);
        assertThat(rdw("contract", "validate", contract.toString()).out()).contains("ODCS v3.1.0", "draft");

        CommandRun check = rdw("contract", "check", "silver", silver, "--contract", contract.toString());
        assertThat(check.code()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains(" passed").doesNotContain("failed ");

        // speed was seen up to 41: a maximum of 40 makes the ride at 41 fail
        String yaml = Files.readString(contract);
        assertThat(yaml).contains("maximum: 41");
        Files.writeString(contract, yaml.replace("maximum: 41", "maximum: 40"));
        CommandRun refused = rdw("clean", "--key", key, "--contract", contract.toString());
        assertThat(refused.code()).isEqualTo(Main.RUN_FAILED);
        assertThat(refused.err()).contains("failed  speed", "e.g. ride_id=3, speed=41.0",
                "breaks contract", "nothing was written");
        assertThat(rdw("provenance", "--type", "contract:failed").out()).contains(key);
        CommandRun failedCheck = rdw("contract", "check", "silver", silver, "--contract", contract.toString(), "--format", "json");
        assertThat(failedCheck.code()).isEqualTo(Main.RUN_FAILED);
        JsonNode json = new ObjectMapper().readTree(failedCheck.out());
        assertThat(json.path("valid").asBoolean()).isFalse();
        JsonNode failed = null;
        for (JsonNode c : json.path("checks")) {
            if (c.path("result").asText().equals("failed")) {
                failed = c;
            }
        }
        assertThat(failed).isNotNull();
        assertThat(failed.path("property").asText()).isEqualTo("speed");
        assertThat(failed.path("value").asLong()).isEqualTo(1);
        assertThat(failed.path("failedSamples").get(0).path("speed").asDouble()).isEqualTo(41.0);

        CommandRun junit = rdw("contract", "check", "silver", silver, "--contract", contract.toString(), "--format", "junit");
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(junit.out().getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagName("testcase").getLength())
                .isEqualTo(Integer.parseInt(xml.getDocumentElement().getAttribute("tests")));

        // fixed the contract back: the clean passes and the silver object carries the contract
        Files.writeString(contract, yaml);
        CommandRun passed = rdw("clean", "--key", key, "--contract", contract.toString());
        assertThat(passed.code()).as(passed.err()).isZero();
        assertThat(passed.err()).contains("contract " + silver.substring(silver.lastIndexOf('/') + 1).replace(".parquet", ""));
        assertThat(rdw("provenance", "--type", "object:derived").out()).contains(silver);
    }

    @Test
    void aMalformedContractExits5WithWhereAndALocalCleanThatBreaksOneLeavesNoFile() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: v3.1.0
                kind: DataContract
                id: bad
                version: 1.0.0
                status: active
                schema:
                  - name: t
                    properties:
                      - name: a
                        quality:
                          - {metric: nullValues, mustBeBetween: [1]}
                """);
        CommandRun validate = rdw("contract", "validate", bad.toString());
        assertThat(validate.code()).isEqualTo(Main.INVALID_INPUT);
        assertThat(validate.err()).contains("$.schema[0].properties[0].quality[0].mustBeBetween");

        Path csv = Files.writeString(dir.resolve("in.csv"), "a,b,c\n1,x,p\n,y,q\n");
        Path strict = Files.writeString(dir.resolve("strict.yaml"), """
                apiVersion: v3.1.0
                kind: DataContract
                id: strict
                version: 1.0.0
                status: active
                schema:
                  - name: t
                    properties:
                      - {name: a, required: true}
                """);
        Path out = dir.resolve("out.parquet");
        CommandRun clean = rdw("clean", csv.toString(), "--output", out.toString(), "--contract", strict.toString());
        assertThat(clean.code()).isEqualTo(Main.RUN_FAILED);
        assertThat(clean.err()).contains("a is required (no nulls)");
        assertThat(out).doesNotExist();
        assertThat(rdw("contract", "check", "silver", "nope/x.parquet", "--contract", strict.toString()).code())
                .isEqualTo(Main.NOT_FOUND);
    }
}
