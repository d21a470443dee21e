package io.redback.rdw.stream.airflow;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Health;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.Provider;
import io.redback.rdw.stream.Airflow;
import io.redback.rdw.stream.Airflow.ApiVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Airflow settings, their checks, the provider's health check and the choice of API generation. */
class AirflowConfigTest {
    private final AirflowProvider provider = new AirflowProvider();

    private static RdwConfig config(Map<String, String> environment) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(environment).build();
    }

    /** The values as set, with the Airflow keys known but unchecked, so that the provider checks them itself. */
    private static RdwConfig unchecked(Map<String, String> environment) {
        Provider declaring = new Provider() {
            @Override
            public String name() {
                return "declaring";
            }

            @Override
            public List<io.redback.rdw.ConfigKey> keys() {
                return AirflowSettings.KEYS;
            }
        };
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(environment)
                .providers(List.of(declaring)).build();
    }

    @Test
    void theProviderIsRegisteredAndDeclaresTheAirflowSettings() {
        assertThat(ServiceLoader.load(Provider.class)).anySatisfy(p -> assertThat(p).isInstanceOf(AirflowProvider.class));
        assertThat(provider.name()).isEqualTo("airflow");
        assertThat(provider.keys()).extracting(k -> k.name()).contains("rdw.airflow.url", "rdw.airflow.username",
                "rdw.airflow.password", "rdw.airflow.api", "rdw.airflow.timeout");
        assertThat(AirflowSettings.PASSWORD.isSecret()).isTrue();
    }

    @Test
    void readsTheEnvironmentOfTheOldStack() {
        AirflowSettings s = AirflowSettings.from(config(Map.of("AIRFLOW_URL", "http://airflow:8080/",
                "AIRFLOW_USERNAME", "bot", "AIRFLOW_PASSWORD", "pw-Secret-1", "RDW_AIRFLOW_API", "V2")));

        assertThat(s.url()).isEqualTo("http://airflow:8080");
        assertThat(s.username()).isEqualTo("bot");
        assertThat(s.password().reveal()).isEqualTo("pw-Secret-1");
        assertThat(s.api()).isEqualTo(ApiVersion.V2);
        assertThat(s.toString()).doesNotContain("pw-Secret-1");
    }

    @Test
    void aUsernameNeedsAPasswordAndTheApiIsAutoV1OrV2() {
        List<String> problems = provider.validate(unchecked(Map.of("AIRFLOW_URL", "http://airflow:8080",
                "AIRFLOW_USERNAME", "bot", "RDW_AIRFLOW_API", "v3")));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("AIRFLOW_USERNAME").contains("AIRFLOW_PASSWORD"))
                .anySatisfy(p -> assertThat(p).contains("RDW_AIRFLOW_API").contains("auto, v1 or v2"));
        assertThatThrownBy(() -> AirflowSettings.from(unchecked(Map.of("AIRFLOW_URL", "http://airflow:8080",
                "AIRFLOW_PASSWORD", "pw-Secret-1"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("AIRFLOW_USERNAME")
                .hasMessageNotContaining("pw-Secret-1");
        assertThatThrownBy(() -> config(Map.of("AIRFLOW_URL", "http://airflow:8080", "AIRFLOW_PASSWORD", "pw-Secret-1")))
                .as("the configuration refuses it when it is built").isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AIRFLOW_USERNAME").hasMessageNotContaining("pw-Secret-1");
    }

    @Test
    void withoutAUrlThereIsNoClientAndNoHealthCheck() {
        RdwConfig empty = config(Map.of());

        assertThat(provider.health(empty)).isEmpty();
        assertThatThrownBy(() -> Airflow.connect(empty)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("AIRFLOW_URL");
    }

    @Test
    void detectsEachGenerationAndAsksNothingWhenTheApiIsNamed() {
        for (ApiVersion api : ApiVersion.values()) {
            try (AirflowStub stub = new AirflowStub(api);
                 Airflow auto = Airflow.connect(config(Map.of("AIRFLOW_URL", stub.url())))) {
                assertThat(auto.apiVersion()).isEqualTo(api);
            }
        }
        try (AirflowStub stub = new AirflowStub(ApiVersion.V1);
             Airflow named = Airflow.connect(config(Map.of("AIRFLOW_URL", stub.url(), "RDW_AIRFLOW_API", "v1")))) {
            assertThat(named.apiVersion()).isEqualTo(ApiVersion.V1);
            stub.server.verify(0, anyRequestedFor(urlPathMatching("/api/.*")));
        }
    }

    @Test
    void anUrlThatIsNotAirflowIsNamedWithWhatToCheck() {
        try (AirflowStub stub = new AirflowStub(ApiVersion.V1)) {
            stub.server.resetAll(); // nothing answers: 404 everywhere
            try (Airflow nothing = Airflow.connect(config(Map.of("AIRFLOW_URL", stub.url())))) {
                assertThatThrownBy(nothing::apiVersion).isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining(stub.url()).hasMessageContaining("/api/v2/version answers HTTP 404")
                        .hasMessageContaining("RDW_AIRFLOW_API");
            }
        }
    }

    @Test
    void anUnreachableAirflowIsNamedByItsUrlInTheErrorAndTheHealthCheck() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        RdwConfig config = config(Map.of("AIRFLOW_URL", url, "AIRFLOW_USERNAME", "bot", "AIRFLOW_PASSWORD", "pw-Secret-1"));

        try (Airflow gone = Airflow.connect(config)) {
            assertThatThrownBy(() -> gone.runs("etl", 5)).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("cannot reach Airflow at " + url).hasMessageContaining("AIRFLOW_URL");
        }
        assertThat(provider.health(config)).singleElement().satisfies(h -> {
            assertThat(h.status()).isEqualTo(Health.Status.DOWN);
            assertThat(h.backend()).contains(url);
            assertThat(h.message()).contains("cannot reach Airflow").doesNotContain("pw-Secret-1");
        });
    }

    @Test
    void theHealthCheckSaysWhichAirflowAnswers() {
        for (ApiVersion api : ApiVersion.values()) {
            try (AirflowStub stub = new AirflowStub(api)) {
                List<Health> health = provider.health(config(Map.of("AIRFLOW_URL", stub.url(),
                        "AIRFLOW_USERNAME", AirflowStub.USER, "AIRFLOW_PASSWORD", AirflowStub.PASSWORD)));

                assertThat(health).singleElement().satisfies(h -> {
                    assertThat(h.component()).isEqualTo("airflow");
                    assertThat(h.status()).isEqualTo(Health.Status.UP);
                    assertThat(h.message()).contains(api == ApiVersion.V1 ? "Airflow 2.10.5" : "Airflow 3.0.2")
                            .contains("REST API " + api.name().toLowerCase());
                });
                stub.server.verify(getRequestedFor(urlPathEqualTo(stub.prefix() + "/version")));
            }
        }
    }

    @Test
    void aServerThatAnswersHtmlIsNotTakenForAirflow() {
        try (AirflowStub stub = new AirflowStub(ApiVersion.V1)) {
            stub.server.resetAll();
            stub.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching("/.*"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok("<html>a login page</html>")
                            .withHeader("Content-Type", "text/html")));
            try (Airflow html = Airflow.connect(config(Map.of("AIRFLOW_URL", stub.url(), "RDW_AIRFLOW_API", "v1")))) {
                assertThatThrownBy(() -> html.runs("etl", 1)).isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("not JSON").hasMessageContaining("AIRFLOW_URL");
            }
            try (Airflow auto = Airflow.connect(config(Map.of("AIRFLOW_URL", stub.url())))) {
                assertThatThrownBy(auto::apiVersion).isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("/api/v1/version answers HTTP 200");
            }
        }
    }
}
