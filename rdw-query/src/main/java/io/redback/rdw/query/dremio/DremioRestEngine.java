package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.CatalogEntry;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.RdwException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import okhttp3.HttpUrl;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs the guard's allowed queries on Dremio through its REST API: submit the SQL as a job, poll it with a growing
 * pause until it ends (cancelled after {@link DremioSettings#timeout()}), then read every row page by page. Logs in
 * once and reuses the session token (or sends a personal access token). Thread-safe; close it to release its
 * connections.
 */
final class DremioRestEngine implements QueryEngine {
    private final DremioSettings settings;
    private final DremioHttp http;
    private final JobClock clock;
    /** Arrow memory for results read as batches; made on first use, so that reading rows never needs Arrow. */
    private BufferAllocator memory;

    DremioRestEngine(DremioSettings settings) {
        this(settings, JobClock.SYSTEM);
    }

    /** An engine that polls its jobs on {@code clock} (tests count the polls before a timeout on a clock of their own). */
    DremioRestEngine(DremioSettings settings, JobClock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new DremioHttp(settings, settings.token() != null ? DremioKeys.TOKEN.describe()
                : DremioKeys.USERNAME.describe() + " and " + DremioKeys.PASSWORD.describe());
    }

    @Override
    public io.redback.rdw.spi.SqlDialect dialect() {
        return DremioDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return "dremio REST at " + settings.restUrl();
    }

    @Override
    public RowCursor execute(CheckedQuery query) {
        // the guard refused it already; refusing again costs nothing and keeps a bypass from reaching Dremio
        if (!query.check().allowed()) {
            throw new ForbiddenException("query refused: " + query.check().reason());
        }
        DremioJob job = DremioJob.submit(http, query.sql());
        JsonNode status = job.await(settings.timeout(), clock);
        return DremioRows.open(job, status, this::memory);
    }

    /**
     * Sources, spaces and home folders at the top ({@code GET /api/v3/catalog}); below, the children of the entity at
     * {@code path} ({@code GET /api/v3/catalog/by-path/...}): folders, datasets and files.
     */
    @Override
    public List<CatalogEntry> catalog(List<String> path) {
        List<CatalogEntry> entries = new ArrayList<>();
        if (path.isEmpty()) {
            for (JsonNode item : http.get("the catalog", http.url("api", "v3", "catalog")).path("data")) {
                entries.add(entry(item));
            }
            return entries;
        }
        if (path.stream().anyMatch(s -> s == null || s.isEmpty())) {
            throw new InvalidInputException("catalog path " + path + " has an empty segment");
        }
        String token = null;
        do {
            HttpUrl.Builder url = http.catalogByPath(path);
            if (token != null) {
                url.addQueryParameter("pageToken", token);
            }
            JsonNode entity = http.get("catalog path " + DremioHttp.quoted(path), url.build());
            for (JsonNode child : entity.path("children")) {
                entries.add(entry(child));
            }
            // a large folder comes in pages (Dremio 25 and later)
            String next = entity.path("nextPageToken").asText("");
            token = next.isBlank() || next.equals(token) ? null : next;
        } while (token != null);
        return entries;
    }

    /**
     * Logs in (or reuses the session) and reads the top of the catalog ({@code GET /api/v3/catalog}): that proves the
     * URL, the credentials and the REST service in one call.
     */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            int entries = http.get("the catalog", http.url("api", "v3", "catalog")).path("data").size();
            return Health.up("query", describe(), Duration.ofNanos(System.nanoTime() - start),
                    "logged in; the catalog has " + entries + " top-level entries");
        } catch (RdwException e) {
            return Health.down("query", describe(), Duration.ofNanos(System.nanoTime() - start), e.getMessage());
        }
    }

    private static CatalogEntry entry(JsonNode item) {
        List<String> path = new ArrayList<>();
        item.path("path").forEach(s -> path.add(s.asText()));
        String type = item.path("type").asText("");
        String kind = switch (type) {
            case "CONTAINER" -> item.path("containerType").asText("FOLDER");
            case "DATASET", "FILE" -> type;
            default -> type.isEmpty() ? "UNKNOWN" : type;
        };
        return new CatalogEntry(path, kind);
    }

    private synchronized BufferAllocator memory() {
        if (memory == null) {
            memory = new RootAllocator();
        }
        return memory;
    }

    @Override
    public void close() {
        http.close();
        synchronized (this) {
            if (memory != null) {
                try {
                    memory.close();
                } catch (IllegalStateException leak) {
                    org.slf4j.LoggerFactory.getLogger(DremioRestEngine.class).warn("closing the Dremio REST client ({}) "
                            + "with Arrow memory still held, by a result that was not closed: {}", describe(), leak.getMessage());
                }
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
