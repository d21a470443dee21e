package io.redback.rdw.query.dremio;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.redback.rdw.QueryCheck;
import io.redback.rdw.Secret;
import io.redback.rdw.spi.CheckedQuery;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A stand-in Dremio REST server on loopback, with payloads in the shapes of Dremio's API documentation. */
final class DremioStub implements AutoCloseable {
    static final String USER = "analyst";
    static final String PASSWORD = "pw-Secret-123";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    DremioStub() {
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    DremioSettings settings() {
        return new DremioSettings(URI.create(url()), USER, Secret.of(PASSWORD), null, "127.0.0.1", 32010, false,
                Duration.ofSeconds(5));
    }

    DremioSettings tokenSettings(String token) {
        return new DremioSettings(URI.create(url()), null, null, Secret.of(token), "127.0.0.1", 32010, false,
                Duration.ofSeconds(5));
    }

    void reset() {
        server.resetAll();
    }

    /** {@code POST /apiv2/login} answers {@code {"token": ...}}, one token per login in turn (the last repeats). */
    void login(String... tokens) {
        for (int i = 0; i < tokens.length; i++) {
            server.stubFor(post(urlEqualTo("/apiv2/login"))
                    .withRequestBody(matchingJsonPath("$.userName", equalTo(USER)))
                    .inScenario("login").whenScenarioStateIs(step("login", i))
                    .willSetStateTo(step("login", Math.min(i + 1, tokens.length - 1)))
                    .willReturn(okJson("{\"token\":\"" + tokens[i] + "\",\"userName\":\"" + USER + "\",\"admin\":false}")));
        }
    }

    /** {@code POST /api/v3/sql} for {@code sql} answers the job id; the job then reports {@code states} in turn. */
    void job(String id, String sql, String... states) {
        server.stubFor(post(urlEqualTo("/api/v3/sql")).withRequestBody(matchingJsonPath("$.sql", equalTo(sql)))
                .willReturn(okJson("{\"id\":\"" + id + "\"}")));
        for (int i = 0; i < states.length; i++) {
            server.stubFor(get(urlEqualTo("/api/v3/job/" + id))
                    .inScenario("job " + id).whenScenarioStateIs(step("poll", i))
                    .willSetStateTo(step("poll", Math.min(i + 1, states.length - 1)))
                    .willReturn(okJson(states[i])));
        }
        server.stubFor(post(urlEqualTo("/api/v3/job/" + id + "/cancel")).willReturn(aResponse().withStatus(204)));
    }

    /** The scenario state of step {@code i}: the last step repeats. */
    private static String step(String name, int i) {
        return i == 0 ? Scenario.STARTED : name + i;
    }

    static String state(String jobState) {
        return "{\"jobState\":\"" + jobState + "\",\"queryType\":\"REST\",\"startedAt\":\"2025-03-01T10:15:00.000Z\"}";
    }

    static String completed(long rowCount) {
        return "{\"jobState\":\"COMPLETED\",\"rowCount\":" + rowCount + ",\"errorMessage\":\"\",\"queryType\":\"REST\","
                + "\"startedAt\":\"2025-03-01T10:15:00.000Z\",\"endedAt\":\"2025-03-01T10:15:01.000Z\","
                + "\"cancellationReason\":\"\"}";
    }

    /** {@code GET /api/v3/job/{id}/results?offset=N&limit=500} answers {@code body}. */
    void results(String id, long offset, String body) {
        server.stubFor(get(urlPathEqualTo("/api/v3/job/" + id + "/results"))
                .withQueryParam("offset", equalTo(Long.toString(offset))).withQueryParam("limit", equalTo("500"))
                .willReturn(okJson(body)));
    }

    /** A results page of one BIGINT column {@code n} holding {@code from} .. {@code to - 1}. */
    static String numbers(long rowCount, long from, long to) {
        StringBuilder rows = new StringBuilder();
        for (long n = from; n < to; n++) {
            rows.append(n == from ? "" : ",").append("{\"n\":").append(n).append('}');
        }
        return "{\"rowCount\":" + rowCount + ",\"schema\":[{\"name\":\"n\",\"type\":{\"name\":\"BIGINT\"}}],\"rows\":["
                + rows + "]}";
    }

    static CheckedQuery query(String sql) {
        return new CheckedQuery(sql, QueryCheck.allowed("SELECT", List.of()), List.of());
    }

    @Override
    public void close() {
        server.stop();
    }
}
