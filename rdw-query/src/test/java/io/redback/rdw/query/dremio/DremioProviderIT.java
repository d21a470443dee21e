package io.redback.rdw.query.dremio;

import io.redback.rdw.CatalogEntry;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.query.CalciteSqlGuard;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.storage.LocalObjectStoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dremio chosen by configuration alone, with the services' environment names: queries over Flight SQL by default,
 * over REST with {@code rdw.dremio.transport=rest}. Both servers answer from real files.
 */
class DremioProviderIT {
    @TempDir
    Path dir;
    FlightSqlTestServer flight;
    DremioRestEmulator rest;
    EmbeddedQueryEngine backing;

    @BeforeEach
    void start() throws Exception {
        RdwConfig local = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("data")).build();
        ObjectStore store = new LocalObjectStoreProvider().open(local);
        try (WarehouseClient dw = WarehouseClient.builder().config(local).objectStore(store).build()) {
            dw.bucket(Layer.SILVER).put("p1/rides.csv", new ByteArrayInputStream(
                    "id,device\n1,garmin\n2,wahoo\n3,garmin\n".getBytes(StandardCharsets.UTF_8)), o -> { });
        }
        backing = new EmbeddedQueryEngine(local, store);
        flight = new FlightSqlTestServer(backing, new CalciteSqlGuard());
        rest = new DremioRestEmulator(backing, new CalciteSqlGuard());
    }

    @AfterEach
    void stop() throws Exception {
        flight.close();
        rest.close();
        backing.close();
    }

    private WarehouseClient client(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DREMIO_URL", rest.url().toString(),
                "DREMIO_USERNAME", FlightSqlTestServer.USER, "DREMIO_PASSWORD", FlightSqlTestServer.PASSWORD,
                "DREMIO_FLIGHT_HOST", "127.0.0.1", "DREMIO_FLIGHT_PORT", extra.containsKey("DREMIO_FLIGHT_PORT")
                        ? extra.get("DREMIO_FLIGHT_PORT") : Integer.toString(flight.port()),
                "RDW_WAREHOUSE", dir.resolve("client").toString()));
        env.putAll(extra);
        return WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(env).build()).build();
    }

    private static final String SQL = "SELECT device, count(*) AS n FROM \"dw-bucket-silver\".\"p1\".\"rides.csv\" "
            + "GROUP BY device ORDER BY device";

    @Test
    void queriesDremioOverFlightWhenDremioUrlIsSet() {
        try (WarehouseClient dw = client(Map.of())) {
            List<Row> rows = dw.query(SQL).toList();
            assertThat(rows).extracting(r -> r.getString("device")).containsExactly("garmin", "wahoo");
            assertThat(dw.describe().get("query")).startsWith("dremio Flight SQL at grpc://127.0.0.1:" + flight.port());
            assertThat(flight.statements).containsExactly(SQL);
        }
    }

    @Test
    void queriesDremioOverRestWhenAsked() {
        try (WarehouseClient dw = client(Map.of("RDW_DREMIO_TRANSPORT", "rest"))) {
            assertThat(dw.query(SQL).toList()).extracting(r -> r.getLong("n")).containsExactly(2L, 1L);
            assertThat(dw.describe().get("query")).startsWith("dremio REST at " + rest.url());
            assertThat(flight.statements).isEmpty();
        }
    }

    @Test
    void refusesAStatementBeforeEitherServerSeesIt() {
        long before = rest.requests.get();
        try (WarehouseClient dw = client(Map.of())) {
            assertThatThrownBy(() -> dw.query("CREATE TABLE x AS SELECT 1")).hasMessageContaining("CREATE TABLE");
        }
        assertThat(flight.statements).isEmpty();
        assertThat(rest.requests.get()).isEqualTo(before);
    }

    @Test
    void healthChecksFlightAndRestAndNamesWhatIsDown() throws Exception {
        try (WarehouseClient dw = client(Map.of())) {
            assertThat(dw.health()).filteredOn(h -> h.component().equals("query")).singleElement().satisfies(h -> {
                assertThat(h.status()).as(h.message()).isEqualTo(io.redback.rdw.Health.Status.UP);
                assertThat(h.message()).contains("Arrow Flight");
            });
        }
        String port = Integer.toString(flight.port());
        flight.close();
        try (WarehouseClient dw = client(Map.of("DREMIO_FLIGHT_PORT", port))) {
            assertThat(dw.health()).filteredOn(h -> h.component().equals("query")).singleElement().satisfies(h -> {
                assertThat(h.status()).isEqualTo(io.redback.rdw.Health.Status.DOWN);
                assertThat(h.message()).contains("cannot reach Dremio").doesNotContain(FlightSqlTestServer.PASSWORD);
            });
        }
    }

    @Test
    void needsCredentials() {
        assertThatThrownBy(() -> RdwConfig.builder().noFile().environment(Map.of("DREMIO_URL", rest.url().toString())).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DREMIO_USERNAME")
                .hasMessageContaining("DREMIO_TOKEN");
    }

    @Test
    void listsTheEmbeddedCatalogThroughTheSameApi() {
        RdwConfig local = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("data")).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(local).build()) {
            assertThat(dw.catalog("dw-bucket-silver", "p1")).extracting(CatalogEntry::name).containsExactly("rides.csv");
        }
    }
}
