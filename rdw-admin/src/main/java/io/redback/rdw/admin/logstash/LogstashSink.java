package io.redback.rdw.admin.logstash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.admin.JsonEndpoint;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceSink;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Provenance to Logstash's HTTP input (the stack's port 5044), in the upload service's shape ({@code source},
 * {@code event_type}, {@code object_key}, {@code object_size}, {@code status}, {@code custom_metadata}) plus rdw's
 * fields, a batch per request as one JSON array (the input makes each element an event). Through rdw's outbox; a full
 * queue (429) or a server error is retried with backoff, then left queued. Each document carries {@code event_id}:
 * with {@code document_id => "%{event_id}"} in the Elasticsearch output a replayed event stays one document.
 */
final class LogstashSink implements ProvenanceSink {
    static final int ATTEMPTS = 5;

    private final JsonEndpoint endpoint;
    private final Duration firstBackoff;

    LogstashSink(URI url, Duration firstBackoff) {
        this.endpoint = new JsonEndpoint("logstash", url, java.util.Optional.empty());
        this.firstBackoff = firstBackoff;
    }

    @Override
    public String describe() {
        return endpoint.describe();
    }

    @Override
    public Delivery delivery() {
        return Delivery.OUTBOX;
    }

    @Override
    public void record(ProvenanceEvent event) {
        recordAll(List.of(event));
    }

    @Override
    public void recordAll(List<ProvenanceEvent> events) {
        byte[] body = body(events);
        Duration wait = firstBackoff;
        String last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            HttpResponse<String> response = endpoint.post(body);
            int status = response.statusCode();
            if (status / 100 == 2) {
                return;
            }
            last = "HTTP " + status + (status == 429 ? " (its queue is full)" : "");
            if (status != 429 && status < 500) {
                throw new ProvenanceRefusedException(events.size() == 1 ? events.get(0).eventId() : null,
                        describe() + " refused the events: " + last + " " + JsonEndpoint.excerpt(response.body()), null);
            }
            if (attempt < ATTEMPTS) {
                sleep(wait);
                wait = wait.multipliedBy(2);
            }
        }
        throw new BackendUnavailableException(describe() + " answered " + last + " " + ATTEMPTS + " times; the events "
                + "stay queued");
    }

    /** The documents, as Logstash receives them. */
    static byte[] body(List<ProvenanceEvent> events) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (ProvenanceEvent e : events) {
            ObjectNode d = array.addObject();
            d.put("source", e.eventSource());
            d.put("event_type", e.eventType());
            d.put("object_key", e.objectKey());
            if (e.objectSize() != null) {
                d.put("object_size", e.objectSize());
            }
            d.put("status", "success");
            d.set("custom_metadata", Json.MAPPER.valueToTree(e.customMetadata()));
            d.put("event_id", e.eventId().toString());
            d.put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
            d.put("user_id", e.userId());
            d.put("bucket_name", e.bucketName());
            d.put("content_type", e.contentType());
            d.put("service_endpoint", e.serviceEndpoint());
            d.put("sha256", e.sha256());
            d.put("layer", e.layer() == null ? null : e.layer().id());
            d.put("rdw_version", e.rdwVersion());
            if (e.lineage() != null) {
                d.set("lineage", Json.lineage(e.lineage()));
            }
        }
        try {
            return Json.MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("provenance events that are not JSON: " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting to retry", e);
        }
    }

    @Override
    public Health health() {
        return endpoint.health("check rdw.logstash.url (LOGSTASH_URL)");
    }

    @Override
    public void close() {
        // nothing held open: the endpoint's client is freed with it
    }
}
