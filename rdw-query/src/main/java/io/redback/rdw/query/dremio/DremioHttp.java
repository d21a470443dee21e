package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plumbing every Dremio REST call goes through: one OkHttp client, authentication (a session token from one login,
 * reused, renewed once on a 401; or a personal access token) and the mapping of failures to rdw's exceptions.
 * Secrets only ever go into request headers and the login body: never into a message, a log line or a toString.
 */
final class DremioHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DremioHttp.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(30);

    /** Decimals stay exact (DECIMAL columns) and keep their trailing zeros. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private final DremioSettings settings;
    private final String credentialKeys;
    private final HttpUrl base;
    private final OkHttpClient client;
    private String session; // "_dremio{token}" after a login; guarded by this

    /**
     * @param credentialKeys how to name the settings that hold the credentials in messages, e.g.
     *                       "key rdw.dremio.username (environment DREMIO_USERNAME) and key rdw.dremio.password ..."
     */
    DremioHttp(DremioSettings settings, String credentialKeys) {
        this.settings = settings;
        this.credentialKeys = credentialKeys;
        this.base = settings.restUrl() == null ? null : HttpUrl.parse(settings.restUrl().toString());
        if (base == null) {
            throw new ConfigurationException("the Dremio URL is not an http(s) URL: check the key rdw.dremio.url "
                    + "(environment DREMIO_URL), e.g. http://127.0.0.1:9047");
        }
        if (settings.token() == null && (settings.username() == null || settings.password() == null)) {
            throw new ConfigurationException("Dremio needs credentials: set " + credentialKeys);
        }
        this.client = new OkHttpClient.Builder()
                .connectTimeout(IO_TIMEOUT)
                .readTimeout(IO_TIMEOUT)
                .writeTimeout(IO_TIMEOUT)
                .build();
    }

    /** The base URL, for messages (it never carries credentials: the configuration refuses that). */
    String where() {
        return settings.restUrl().toString();
    }

    DremioSettings settings() {
        return settings;
    }

    /** A URL under the base, each segment percent-encoded (a segment may contain '/', ':' or spaces). */
    HttpUrl.Builder url(List<String> segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addEncodedPathSegment(encode(s));
        }
        return b;
    }

    /** {@code /api/v3/catalog/by-path/{segments}}: Dremio's lookup of a catalog entity by its path. */
    HttpUrl.Builder catalogByPath(List<String> path) {
        List<String> segments = new ArrayList<>(List.of("api", "v3", "catalog", "by-path"));
        segments.addAll(path);
        return url(segments);
    }

    HttpUrl url(String... segments) {
        return url(List.of(segments)).build();
    }

    ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    JsonNode get(String what, HttpUrl url) {
        return send(what, new Request.Builder().url(url).get());
    }

    /** Posts {@code body} (an empty body when {@code null}). */
    JsonNode post(String what, HttpUrl url, JsonNode body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return send(what, new Request.Builder().url(url).post(RequestBody.create(bytes, JSON)));
    }

    private JsonNode send(String what, Request.Builder request) {
        String auth = authorization();
        try (Response r = call(request.header("Authorization", auth).build())) {
            if (r.code() != 401 || settings.token() != null) {
                return read(what, r);
            }
        }
        // Dremio's session tokens expire (30 hours by default) and vanish on a restart: log in again, once
        LOG.debug("Dremio at {} refused the session token; logging in again", where());
        auth = relogin(auth);
        try (Response r = call(request.header("Authorization", auth).build())) {
            return read(what, r);
        }
    }

    private synchronized String authorization() {
        if (settings.token() != null) {
            return "Bearer " + settings.token().reveal();
        }
        if (session == null) {
            session = "_dremio" + login();
        }
        return session;
    }

    /** Logs in again unless another thread already did since {@code stale} was handed out. */
    private synchronized String relogin(String stale) {
        if (stale.equals(session)) {
            session = null;
        }
        return authorization();
    }

    private String login() {
        ObjectNode body = object().put("userName", settings.username()).put("password", settings.password().reveal());
        Request request;
        try {
            request = new Request.Builder().url(url("apiv2", "login"))
                    .post(RequestBody.create(MAPPER.writeValueAsBytes(body), JSON)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Response r = call(request)) {
            if (r.code() == 401 || r.code() == 403) {
                throw refused();
            }
            String token = read("the login of user '" + settings.username() + "'", r).path("token").asText("");
            if (token.isBlank()) {
                throw new BackendUnavailableException("Dremio at " + where() + " accepted the login but sent no token");
            }
            return token;
        }
    }

    private ConfigurationException refused() {
        String who = settings.token() != null ? "the personal access token" : "the credentials of user '" + settings.username() + "'";
        return new ConfigurationException("Dremio refused " + who + " at " + where() + ": check " + credentialKeys);
    }

    private Response call(Request request) {
        try {
            return client.newCall(request).execute();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private BackendUnavailableException unreachable(IOException e) {
        String why = io.redback.rdw.helpers.Failures.unreachable(e, IO_TIMEOUT);
        return new BackendUnavailableException("cannot reach Dremio at " + where() + " (" + why
                + "): check that it runs and the key rdw.dremio.url (environment DREMIO_URL)", e);
    }

    /** The JSON of a successful answer, or the exception that says what went wrong. */
    private JsonNode read(String what, Response r) {
        ResponseBody body = r.body();
        try {
            if (r.isSuccessful()) {
                return MAPPER.readTree(body.byteStream());
            }
            String detail = detail(body.string());
            throw switch (r.code()) {
                case 400 -> new InvalidInputException("Dremio refused " + what + ": " + detail);
                case 401 -> refused();
                case 403 -> new ForbiddenException("Dremio does not allow " + what + ": " + detail);
                case 404 -> new NotFoundException(what + " does not exist in Dremio at " + where() + " (" + detail + ")");
                case 409 -> new AlreadyExistsException(what + ": " + detail);
                default -> new BackendUnavailableException("Dremio at " + where() + " failed on " + what
                        + " (HTTP " + r.code() + "): " + detail);
            };
        } catch (JsonProcessingException e) {
            throw new BackendUnavailableException("Dremio at " + where() + " answered " + what + " with something that is "
                    + "not JSON: is rdw.dremio.url (DREMIO_URL) Dremio's REST port (9047)?", e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Dremio's errors are {"errorMessage": "...", "moreInfo": "..."}; anything else is shown shortened. */
    private static String detail(String body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n != null && n.hasNonNull("errorMessage")) {
                return n.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // not JSON: show the text
        }
        String text = body.strip();
        if (text.isEmpty()) {
            return "no details";
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Percent-encodes everything but RFC 3986's unreserved characters, as Dremio's docs ask for paths and ids. */
    static String encode(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** A path as Dremio SQL writes it: {@code "source"."folder"."file.parquet"} (quotes inside doubled). */
    static String quoted(List<String> path) {
        return path.stream().map(s -> '"' + s.replace("\"", "\"\"") + '"').collect(Collectors.joining("."));
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "DremioHttp[" + where() + "]";
    }
}
