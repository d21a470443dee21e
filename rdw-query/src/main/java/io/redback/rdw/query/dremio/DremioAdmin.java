package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Administrator operations on Dremio, with the administrator's own credentials ({@link DremioSettings#admin}). They
 * change the catalog, so they never go through the SELECT-only query path: rdw calls them itself, users' SQL cannot.
 */
final class DremioAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DremioAdmin.class);

    private final DremioSettings settings;
    private final DremioHttp http;

    /** With the administrator's settings ({@code DREMIO_ADMIN_USERNAME}, {@code DREMIO_ADMIN_PASSWORD}). */
    DremioAdmin(RdwConfig config) {
        this(DremioSettings.admin(config));
    }

    DremioAdmin(DremioSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new DremioHttp(settings, settings.token() != null ? DremioKeys.TOKEN.describe()
                : DremioKeys.ADMIN_USERNAME.describe() + " and " + DremioKeys.ADMIN_PASSWORD.describe());
    }

    /**
     * Makes the file or folder at {@code sourcePath} queryable as a dataset and creates a view of it at
     * {@code viewPath}. The promotion uses the format its extension names (Parquet; CSV and TXT as comma-separated
     * text with a header line; JSON), and is skipped when it is a dataset already.
     *
     * @param sourcePath e.g. {@code [source, project1, 2025, rides.parquet]}
     * @param viewPath   e.g. {@code [space, rides]}
     * @return the view's path
     * @throws io.redback.rdw.NotFoundException if nothing is at {@code sourcePath}
     * @throws InvalidInputException            if it is not a file or folder, its format is unknown, or Dremio
     *                                          refuses the view; a view already at {@code viewPath} is replaced
     */
    public List<String> register(List<String> sourcePath, List<String> viewPath) {
        check("source path", sourcePath);
        check("view path", viewPath);
        String source = DremioHttp.quoted(sourcePath);
        JsonNode entity = http.get(source, http.catalogByPath(sourcePath).build());
        String kind = entity.path("entityType").asText("");
        switch (kind) {
            case "dataset" -> LOG.debug("{} is a dataset already", source);
            case "file", "folder" -> promote(entity, sourcePath, kind.equals("folder"));
            default -> throw new InvalidInputException(source + " is a " + (kind.isEmpty() ? "catalog entity" : kind)
                    + ", not a file or folder that can become a dataset");
        }
        // OR REPLACE: registering the same object again refreshes the view instead of failing
        String sql = "CREATE OR REPLACE VIEW " + DremioHttp.quoted(viewPath) + " AS SELECT * FROM " + source;
        DremioJob.submit(http, sql).await(settings.timeout());
        return List.copyOf(viewPath);
    }

    /**
     * Creates the table {@code table} from a query, {@code CREATE TABLE ... AS <query>}, as the administrator: how a
     * pipeline's SQL form runs on Dremio, for data that outgrows one machine. The query is rdw's own (a pipeline), not
     * a user's: user SQL never reaches this method.
     *
     * @return the table's path
     */
    public List<String> createTableAs(List<String> table, String query) {
        check("table path", table);
        DremioJob.submit(http, "CREATE TABLE " + DremioHttp.quoted(table) + " AS " + query).await(settings.timeout());
        return List.copyOf(table);
    }

    /** The number of entries at the top of the catalog ({@code GET /api/v3/catalog}), read as the administrator. */
    int catalogEntries() {
        return http.get("the catalog", http.url("api", "v3", "catalog")).path("data").size();
    }

    /** {@code POST /api/v3/catalog/{id}} with the file's (or folder's) id, URL-encoded, and a PHYSICAL_DATASET body. */
    private void promote(JsonNode entity, List<String> sourcePath, boolean folder) {
        String id = entity.path("id").asText("");
        if (id.isBlank()) {
            throw new BackendUnavailableException("Dremio sent no id for " + DremioHttp.quoted(sourcePath));
        }
        String ext = folder ? folderFormat(entity, sourcePath) : extension(sourcePath.get(sourcePath.size() - 1));
        ObjectNode body = http.object().put("entityType", "dataset").put("id", id).put("type", "PHYSICAL_DATASET");
        sourcePath.forEach(body.putArray("path")::add);
        body.set("format", format(ext, sourcePath));
        http.post("promoting " + DremioHttp.quoted(sourcePath) + " to a dataset", http.url("api", "v3", "catalog", id), body);
    }

    private ObjectNode format(String ext, List<String> sourcePath) {
        ObjectNode f = http.object();
        switch (ext) {
            case "parquet" -> f.put("type", "Parquet");
            case "json" -> f.put("type", "JSON");
            // as rdw and the upload service write them: RFC 4180 quoting, a header line
            case "csv", "txt" -> f.put("type", "Text").put("fieldDelimiter", ",").put("quote", "\"").put("escape", "\"")
                    .put("skipFirstLine", false).put("extractHeader", true);
            default -> throw new InvalidInputException(DremioHttp.quoted(sourcePath) + ": rdw registers Parquet, CSV, TXT "
                    + "and JSON data, not " + (ext.isEmpty() ? "files without an extension" : "." + ext + " files"));
        }
        return f;
    }

    /** A folder's format is that of the files directly in it, which must all agree. */
    private static String folderFormat(JsonNode folder, List<String> sourcePath) {
        Set<String> formats = new TreeSet<>();
        for (JsonNode child : folder.path("children")) {
            if (child.path("type").asText("").equals("FILE") && child.path("path").size() > 0) {
                JsonNode p = child.path("path");
                formats.add(extension(p.get(p.size() - 1).asText()));
            }
        }
        if (formats.size() != 1) {
            throw new InvalidInputException(DremioHttp.quoted(sourcePath) + (formats.isEmpty()
                    ? " has no files directly inside, so its format is unknown; register a folder of data files"
                    : " holds files of several formats " + formats + "; keep one format per folder"));
        }
        return formats.iterator().next();
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void check(String what, List<String> path) {
        if (path == null || path.size() < 2 || path.stream().anyMatch(s -> s == null || s.isBlank())) {
            throw new InvalidInputException("the " + what + " needs at least two non-empty segments (a source or space, "
                    + "then a name), not " + path);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "dremio admin at " + settings.restUrl();
    }
}
