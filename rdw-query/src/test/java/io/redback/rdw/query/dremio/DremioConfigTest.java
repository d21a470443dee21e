package io.redback.rdw.query.dremio;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dremio's settings: the services' names, its checks, and when it is chosen. */
class DremioConfigTest {
    private static RdwConfig.Builder env(Map<String, String> env) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(env);
    }

    @Test
    void understandsTheServicesNamesAndHidesThePassword() {
        RdwConfig c = env(Map.of("DREMIO_URL", "http://127.0.0.1:9047", "DREMIO_USERNAME", "ana",
                "DREMIO_PASSWORD", "pw-secret")).build();
        assertThat(c.toString()).contains("rdw.dremio.url=http://127.0.0.1:9047").doesNotContain("pw-secret");
        assertThat(new DremioQueryEngineProvider().selectedBy(c)).contains("rdw.dremio.url is set by environment DREMIO_URL");
        assertThat(DremioSettings.from(c).toString()).doesNotContain("pw-secret");
        assertThat(c.integer(DremioKeys.FLIGHT_PORT)).isEqualTo(32010);
    }

    @Test
    void refusesMissingCredentialsAndCredentialsInTheUrl() {
        assertThatThrownBy(() -> env(Map.of("DREMIO_URL", "http://127.0.0.1:9047")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("Dremio needs credentials")
                .hasMessageContaining("DREMIO_TOKEN");
        assertThatThrownBy(() -> env(Map.of("DREMIO_URL", "http://admin:hunter2@10.0.0.1:9047")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> env(Map.of("RDW_DREMIO_TRANSPORT", "carrier-pigeon", "DREMIO_URL", "http://h:9047",
                "DREMIO_TOKEN", "t")).build())
                .hasMessageContaining("expected flight or rest");
        assertThatThrownBy(() -> env(Map.of("RDW_MEMORY_LIMIT", "lots")).build())
                .hasMessageContaining("rdw.embedded.memory-limit");
        assertThatThrownBy(() -> env(Map.of("RDW_THREADS", "zero")).build())
                .hasMessageContaining("RDW_THREADS");
    }
}
