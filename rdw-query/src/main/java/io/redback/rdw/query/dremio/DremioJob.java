package io.redback.rdw.query.dremio;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Dremio job: submitted with {@code POST /api/v3/sql}, polled with a growing pause until it ends or the timeout
 * passes (then cancelled), its rows read a page at a time.
 */
final class DremioJob {
    private static final Logger LOG = LoggerFactory.getLogger(DremioJob.class);

    /** Dremio's largest results page. */
    static final int PAGE = 500;
    private static final long FIRST_PAUSE_MS = 50;
    private static final long MAX_PAUSE_MS = 1000;

    private final DremioHttp http;
    private final String id;

    private DremioJob(DremioHttp http, String id) {
        this.http = http;
        this.id = id;
    }

    static DremioJob submit(DremioHttp http, String sql) {
        JsonNode answer = http.post("the query", http.url("api", "v3", "sql"), http.object().put("sql", sql));
        String id = answer.path("id").asText("");
        if (id.isBlank()) {
            throw new BackendUnavailableException("Dremio at " + http.where() + " accepted the query but sent no job id");
        }
        return new DremioJob(http, id);
    }

    String id() {
        return id;
    }

    /**
     * Waits until the job completes and returns its status.
     *
     * @throws InvalidInputException        if it failed (Dremio rejected the query: syntax, unknown table or column)
     * @throws BackendUnavailableException if it was cancelled, or did not end within {@code timeout} (then rdw
     *                                     cancels it, so it does not keep running on the server)
     */
    JsonNode await(Duration timeout) {
        return await(timeout, JobClock.SYSTEM);
    }

    /** {@link #await(Duration)}, with the time read from {@code clock} and the pauses between polls slept on it. */
    JsonNode await(Duration timeout, JobClock clock) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            JsonNode status = http.get("job " + id, http.url("api", "v3", "job", id));
            String state = status.path("jobState").asText("");
            switch (state) {
                case "COMPLETED":
                    return status;
                case "FAILED":
                    throw new InvalidInputException("query failed: " + text(status, "errorMessage", "Dremio gave no reason"));
                case "CANCELED":
                    throw new BackendUnavailableException("Dremio cancelled job " + id + ": "
                            + text(status, "cancellationReason", "no reason given"));
                default:
                    // NOT_SUBMITTED, STARTING, RUNNING, ENQUEUED, PLANNING, PENDING, METADATA_RETRIEVAL, QUEUED,
                    // ENGINE_START, EXECUTION_PLANNING, and any state a newer Dremio adds: still going
            }
            long left = deadline - clock.nanoTime();
            if (left <= 0) {
                cancel();
                throw new BackendUnavailableException("Dremio job " + id + " did not finish within " + format(timeout)
                        + "; it was cancelled (the limit is the key rdw.dremio.timeout, environment DREMIO_TIMEOUT)");
            }
            sleep(clock, Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))));
            pause = Math.min(MAX_PAUSE_MS, pause * 3 / 2);
        }
    }

    private void sleep(JobClock clock, long millis) {
        try {
            clock.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new BackendUnavailableException("interrupted while waiting for Dremio job " + id + "; it was cancelled", e);
        }
    }

    /** Asks Dremio to stop the job; best effort, as the caller is already failing. */
    void cancel() {
        try {
            http.post("cancelling job " + id, http.url("api", "v3", "job", id, "cancel"), null);
        } catch (RdwException e) {
            LOG.warn("could not cancel Dremio job {}: {}", id, e.getMessage());
        }
    }

    /** The rows from {@code offset}, at most {@link #PAGE}: {"rowCount", "schema", "rows"}. */
    JsonNode page(long offset) {
        return http.get("the results of job " + id, http.url(List.of("api", "v3", "job", id, "results"))
                .addQueryParameter("offset", Long.toString(offset))
                .addQueryParameter("limit", Integer.toString(PAGE))
                .build());
    }

    private static String text(JsonNode status, String field, String otherwise) {
        String v = status.path(field).asText("");
        return v.isBlank() ? otherwise : v;
    }

    /** A duration as the configuration writes it: 5m, 30s, 250ms. */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms > 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
