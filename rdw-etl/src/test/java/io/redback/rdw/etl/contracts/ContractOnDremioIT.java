package io.redback.rdw.etl.contracts;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.query.CalciteSqlGuard;
import io.redback.rdw.query.dremio.FlightSqlTestServer;
import io.redback.rdw.spi.QueryEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One contract, two engines: checked on the embedded engine, and through the Dremio engine's SQL (its dialect's
 * {@code REGEXP_LIKE}, no {@code TRY_CAST}) over Arrow Flight SQL to a real Flight SQL server standing in for Dremio's
 * port 32010. The server answers from the same warehouse's files, so both must find the same thing, check by check.
 */
class ContractOnDremioIT {
    @TempDir
    Path dir;
    WarehouseClient embedded;
    FlightSqlTestServer server;
    WarehouseClient dremio;
    ObjectRef rides;

    @BeforeEach
    void start() throws Exception {
        Path warehouse = dir.resolve("wh");
        embedded = WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of())
                .warehouse(warehouse).build()).build();
        rides = ContractData.silver(embedded, dir, "fleet/2025/rides.parquet", ContractData.RIDES);
        // the server runs its statements on the embedded client's own engine, over the same folder of buckets
        QueryEngine backing = embedded.context().queryEngine();
        server = new FlightSqlTestServer(backing, new CalciteSqlGuard());
        int noRest;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            noRest = s.getLocalPort(); // queries go over Flight; nothing here asks Dremio's REST catalog
        }
        dremio = WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of(
                "DREMIO_URL", "http://127.0.0.1:" + noRest,
                "DREMIO_USERNAME", FlightSqlTestServer.USER, "DREMIO_PASSWORD", FlightSqlTestServer.PASSWORD,
                "DREMIO_FLIGHT_HOST", "127.0.0.1", "DREMIO_FLIGHT_PORT", Integer.toString(server.port()),
                "RDW_DREMIO_TRANSPORT", "flight", "RDW_WAREHOUSE", warehouse.toString())).build()).build();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            dremio.close();
        } finally {
            try {
                server.close(); // and checks that every statement gave its Arrow memory back
            } finally {
                embedded.close();
            }
        }
    }

    @Test
    void theSameContractGivesTheSameResultsOnTheEmbeddedEngineAndThroughDremiosSql() throws Exception {
        Contract contract = Contract.read(Path.of(getClass().getResource("/contracts/rides-v3.1.yaml").toURI()));

        ContractReport local = Contracts.on(embedded).check(rides, contract);
        ContractReport remote = Contracts.on(dremio).check(rides, contract);

        assertThat(remote.engine()).startsWith("dremio Flight SQL at grpc://127.0.0.1:" + server.port());
        assertThat(local.engine()).doesNotContain("dremio");
        // the Dremio side's SQL reached the server in Dremio's spelling: a whole-text match is REGEXP_LIKE
        assertThat(server.statements).anyMatch(s -> s.contains("REGEXP_LIKE("))
                .noneMatch(s -> s.contains("regexp_full_match") || s.contains("TRY_CAST"));

        assertThat(remote.checks()).extracting(CheckResult::id)
                .containsExactlyElementsOf(local.checks().stream().map(CheckResult::id).toList());
        for (int i = 0; i < local.checks().size(); i++) {
            CheckResult l = local.checks().get(i);
            CheckResult r = remote.checks().get(i);
            assertThat(r.result()).as(l.id() + ": " + r.message()).isEqualTo(l.result());
            assertThat(r.value()).as(l.id()).isEqualTo(l.value());
            assertThat(r.failedSamples()).as(l.id()).isEqualTo(l.failedSamples());
            assertThat(r.threshold()).as(l.id()).isEqualTo(l.threshold());
            assertThat(r.message()).as(l.id()).isEqualTo(l.message());
        }
        assertThat(remote.checks()).as("every check ran on both").noneMatch(c -> c.result() == CheckResult.Result.ERROR);
        assertThat(remote.valid()).isEqualTo(local.valid()).isFalse();
        assertThat(remote.notRun()).isEqualTo(local.notRun());
        assertThat(remote.passes()).isEqualTo(local.passes());

        // the checks that need the most of a dialect are in the contract, with the counts ContractData works out
        CheckResult pattern = check(remote, "code_pattern");
        assertThat(pattern.metric()).isEqualTo("invalidValues");
        assertThat(pattern.value()).isEqualTo(2L);
        assertThat(pattern.failedSamples()).extracting(s -> s.get("code")).containsExactlyInAnyOrder("ab3", "GH55");
        CheckResult key = check(remote, "tenant_order_unique");
        assertThat(key.property()).isNull();
        assertThat(key.value()).isEqualTo(3L);
        assertThat(key.failedSamples()).extracting(s -> s.get("tenant") + "/" + s.get("order_no"))
                .containsOnly("t1/3", "t2/2").hasSize(5);
        CheckResult percent = check(remote, "device_null_percent");
        assertThat(percent.threshold()).endsWith("%");
        assertThat(((Number) percent.value()).doubleValue()).isEqualTo(10.0);
        assertThat(percent.result()).isEqualTo(CheckResult.Result.FAILED);
        CheckResult sql = check(remote, "speed_over_100");
        assertThat(sql.metric()).isEqualTo("sql");
        assertThat(sql.value()).isEqualTo(1L);
        assertThat(check(remote, "rides.when_text.logicalType").value()).isEqualTo(1L);
        assertThat(check(remote, "device_valid").result()).isEqualTo(CheckResult.Result.WARNING);
    }

    private static CheckResult check(ContractReport report, String id) {
        List<CheckResult> found = report.checks().stream().filter(c -> c.id().equals(id)).toList();
        assertThat(found).as("the check " + id + " among " + report.checks().stream().map(CheckResult::id).toList())
                .hasSize(1);
        return found.get(0);
    }
}
