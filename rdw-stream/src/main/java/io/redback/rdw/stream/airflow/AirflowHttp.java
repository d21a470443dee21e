package io.redback.rdw.stream.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import io.redback.rdw.Secret;
import io.redback.rdw.stream.Airflow.ApiVersion;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The plumbing every Airflow REST call goes through: one OkHttp client, the API generation, authentication (basic for
 * {@code /api/v1}; for {@code /api/v2} a JWT from {@code POST /auth/token}, reused, renewed once on a 401) and the
 * mapping of failures to rdw's exceptions. The password and the token only ever go into a request header or the
 * token request's body: never into a message, a log line or a toString.
 */
final class AirflowHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AirflowHttp.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** A status and the JSON of an answer (a {@code NullNode} when it had none or was not JSON). */
    record Answer(int code, JsonNode json, String text) {
        boolean ok() {
            return code >= 200 && code < 300;
        }
    }

    private final AirflowSettings settings;
    private final HttpUrl base;
    private final OkHttpClient client;
    private ApiVersion api; // guarded by this
    private Secret token; // the v2 JWT; guarded by this

    AirflowHttp(AirflowSettings settings) {
        this.settings = settings;
        this.base = HttpUrl.parse(settings.url());
        if (base == null) {
            throw new io.redback.rdw.ConfigurationException(AirflowSettings.URL.describe()
                    + " is not an http(s) URL, e.g. http://127.0.0.1:8080");
        }
        this.api = settings.api();
        this.client = new OkHttpClient.Builder().connectTimeout(settings.timeout()).readTimeout(settings.timeout())
                .writeTimeout(settings.timeout()).followRedirects(false).build();
    }

    /** The base URL, for messages (it never carries credentials: the configuration refuses that). */
    String where() {
        return settings.url();
    }

    /** The API generation: configured, or asked of Airflow once. */
    synchronized ApiVersion api() {
        if (api == null) {
            api = detect();
            LOG.debug("Airflow at {} answers REST API {}", where(), api);
        }
        return api;
    }

    /** {@code {base}/api/v1|v2/{segments}}, each segment encoded. */
    HttpUrl.Builder url(String... segments) {
        return url(api(), segments);
    }

    private HttpUrl.Builder url(ApiVersion version, String... segments) {
        HttpUrl.Builder b = base.newBuilder().addPathSegment("api").addPathSegment(version.name().toLowerCase());
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    Answer get(HttpUrl url) {
        return send(new Request.Builder().url(url).get());
    }

    Answer post(HttpUrl url, JsonNode body) {
        return send(new Request.Builder().url(url).post(RequestBody.create(bytes(body), JSON)));
    }

    /** The JSON of a successful answer, or the exception that says what failed on {@code what}. */
    JsonNode ok(String what, Answer a) {
        if (a.ok() && a.json().isNull() && !a.text().isBlank()) {
            throw new BackendUnavailableException("Airflow at " + where() + " answered " + what + " with something that "
                    + "is not JSON: is " + AirflowSettings.URL.describe() + " Airflow's web or API server, without /api?");
        }
        if (a.ok()) {
            return a.json();
        }
        throw failure(what, a);
    }

    RdwException failure(String what, Answer a) {
        String detail = detail(a);
        return switch (a.code()) {
            case 400, 422 -> new InvalidInputException("Airflow refused " + what + ": " + detail);
            case 401 -> refused();
            case 403 -> new ForbiddenException("Airflow does not allow " + (settings.username() == null ? "anonymous"
                    : "user '" + settings.username() + "'") + " " + what + ": " + detail);
            case 404 -> new NotFoundException(what + ": not found in Airflow at " + where() + " (" + detail + ")");
            case 409 -> new AlreadyExistsException(what + ": " + detail);
            default -> new BackendUnavailableException("Airflow at " + where() + " failed on " + what + " (HTTP "
                    + a.code() + "): " + detail);
        };
    }

    private Answer send(Request.Builder request) {
        ApiVersion version = api();
        String auth = authorization(version);
        Answer a = call(auth == null ? request.build() : request.header("Authorization", auth).build());
        if (a.code() != 401 || version != ApiVersion.V2 || settings.username() == null) {
            return a;
        }
        // Airflow 3's tokens expire (24 hours by default) and are refused after a restart with a new secret: renew once
        LOG.debug("Airflow at {} refused the token; asking for a new one", where());
        auth = renew(auth);
        return call(request.header("Authorization", auth).build());
    }

    /** The Authorization header for this API generation, or {@code null} when Airflow needs no login. */
    private synchronized String authorization(ApiVersion version) {
        if (settings.username() == null) {
            return null;
        }
        if (version == ApiVersion.V1) {
            return Credentials.basic(settings.username(), settings.password().reveal());
        }
        if (token == null) {
            token = login();
        }
        return "Bearer " + token.reveal();
    }

    /** A new token, unless another thread got one since {@code stale} was handed out. */
    private synchronized String renew(String stale) {
        if (token != null && stale.equals("Bearer " + token.reveal())) {
            token = null;
        }
        return authorization(ApiVersion.V2);
    }

    private Secret login() {
        ObjectNode body = object().put("username", settings.username()).put("password", settings.password().reveal());
        HttpUrl url = base.newBuilder().addPathSegment("auth").addPathSegment("token").build();
        Answer a = call(new Request.Builder().url(url).post(RequestBody.create(bytes(body), JSON)).build());
        if (a.code() == 401 || a.code() == 403) {
            throw refused();
        }
        String jwt = ok("the token request of user '" + settings.username() + "'", a).path("access_token").asText("");
        if (jwt.isBlank()) {
            throw new BackendUnavailableException("Airflow at " + where() + " accepted the login but sent no access_token");
        }
        return Secret.of(jwt);
    }

    ForbiddenException refused() {
        if (settings.username() == null) {
            return new ForbiddenException("Airflow at " + where() + " asks for a login: set " + AirflowSettings.CREDENTIAL_KEYS);
        }
        return new ForbiddenException("Airflow at " + where() + " refused the credentials of user '"
                + settings.username() + "': check " + AirflowSettings.CREDENTIAL_KEYS);
    }

    /** Airflow 3 first ({@code /api/v2/version}), then Airflow 2 ({@code /api/v1/version}). */
    private ApiVersion detect() {
        List<String> answers = new ArrayList<>();
        for (ApiVersion v : List.of(ApiVersion.V2, ApiVersion.V1)) {
            Answer a = call(new Request.Builder().url(url(v, "version").build()).get().build());
            if ((a.ok() && a.json().hasNonNull("version")) || a.code() == 401 || a.code() == 403) {
                return v;
            }
            answers.add("/api/" + v.name().toLowerCase() + "/version answers HTTP " + a.code()
                    + (a.ok() ? " without Airflow's version" : ""));
        }
        throw new BackendUnavailableException("Airflow at " + where() + " has neither REST API (" + String.join(", ", answers)
                + "): check that " + AirflowSettings.URL.describe() + " is Airflow's web or API server, without /api, "
                + "or name the API with " + AirflowSettings.API.describe());
    }

    /** {@code GET /api/v1|v2/version}: Airflow's version, e.g. 2.10.5. */
    String version() {
        return ok("the version request", get(url("version").build())).path("version").asText("unknown");
    }

    private Answer call(Request request) {
        try (Response r = client.newCall(request).execute()) {
            String text = r.body().string();
            JsonNode json;
            try {
                json = text.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                json = MAPPER.nullNode();
            }
            return new Answer(r.code(), json, text);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private BackendUnavailableException unreachable(IOException e) {
        String why = io.redback.rdw.helpers.Failures.unreachable(e, settings.timeout());
        return new BackendUnavailableException("cannot reach Airflow at " + where() + " (" + why + "): check that it runs and "
                + AirflowSettings.URL.describe(), e);
    }

    /**
     * Airflow's word on a failure: {@code {"title","detail"}} (Airflow 2's problem JSON), {@code {"detail": "..."}} or
     * FastAPI's {@code {"detail": [{"loc": [...], "msg": "..."}]}} (Airflow 3); anything else shortened.
     */
    static String detail(Answer a) {
        JsonNode d = a.json().path("detail");
        if (d.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode e : d) {
                List<String> loc = new ArrayList<>();
                e.path("loc").forEach(l -> loc.add(l.asText()));
                parts.add((loc.isEmpty() ? "" : String.join(".", loc) + ": ") + e.path("msg").asText(e.toString()));
            }
            return String.join("; ", parts);
        }
        if (d.isTextual()) {
            String title = a.json().path("title").asText("");
            return title.isBlank() || d.asText().startsWith(title) ? d.asText() : title + ": " + d.asText();
        }
        String text = a.text().strip();
        if (text.isEmpty()) {
            return "no details";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "AirflowHttp[" + where() + "]";
    }
}
