package io.redback.rdw.admin;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP endpoint that rdw-admin's remote sinks post JSON to (Logstash's input, an OpenLineage server): the JDK's
 * client, one place that turns a network failure into {@link BackendUnavailableException}, and a description without
 * credentials or query string.
 */
public final class JsonEndpoint {
    private final URI uri;
    private final String label;
    private final Optional<Secret> bearer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param label  what it is, for messages: {@code logstash}, {@code openlineage}
     * @param bearer a token sent as {@code Authorization: Bearer}, if the endpoint needs one
     */
    public JsonEndpoint(String label, URI uri, Optional<Secret> bearer) {
        this.label = label;
        this.uri = uri;
        this.bearer = bearer;
    }

    /** {@code label:scheme://host:port/path}: no user, password or query string. */
    public String describe() {
        return label + ":" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getPath();
    }

    /** POSTs the JSON body and returns the response, whatever its status. */
    public HttpResponse<String> post(byte[] json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json));
        bearer.ifPresent(k -> request.header("Authorization", "Bearer " + k.reveal()));
        return send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Whether the endpoint answers: any status below 500 to a GET counts (an input that takes only POST answers 405).
     *
     * @param fix what to check when it does not answer, e.g. "check rdw.logstash.url (LOGSTASH_URL)"
     */
    public io.redback.rdw.Health health(String fix) {
        long start = System.nanoTime();
        try {
            int status = send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return status < 500 ? io.redback.rdw.Health.up("provenance", describe(), took, "it answers")
                    : io.redback.rdw.Health.down("provenance", describe(), took, "it answers HTTP " + status);
        } catch (BackendUnavailableException e) {
            return io.redback.rdw.Health.down("provenance", describe(), Duration.ofNanos(System.nanoTime() - start),
                    e.getMessage() + "; " + fix);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot reach " + describe() + " ("
                    + io.redback.rdw.helpers.Failures.unreachable(e, request.timeout().orElse(Duration.ofSeconds(30))) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while sending to " + describe(), e);
        }
    }

    /** The first 200 characters of a response body, for messages. */
    public static String excerpt(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    @Override
    public String toString() {
        return "JsonEndpoint[" + describe() + "]";
    }
}
