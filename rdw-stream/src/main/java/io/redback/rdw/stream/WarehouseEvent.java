package io.redback.rdw.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.Json;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * One warehouse event as it travels on Kafka: a governed write (upload, derived object, document write).
 *
 * @param eventId   the provenance event's id: the same write is the same event, however often it is delivered
 * @param type      {@code file:uploaded}, {@code object:derived}, {@code document:inserted}, ...
 * @param bucket    the bucket (for documents: the collection)
 * @param layer     {@code bronze}, {@code silver} or {@code gold}, or {@code null} for documents
 * @param key       the object's key
 * @param sha256    hex SHA-256 of the content, where there is one
 * @param size      bytes written, or {@code null}
 * @param project   the project
 * @param user      who wrote
 * @param time      when the write completed
 * @param source    what wrote it ({@code rdw:sdk}, {@code rdw:cli})
 * @param json      the whole event as published, lineage included
 */
public record WarehouseEvent(UUID eventId, String type, String bucket, String layer, String key, String sha256, Long size,
                             String project, String user, Instant time, String source, String json) {

    /** Reads an event as rdw publishes it. */
    public static WarehouseEvent parse(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return new WarehouseEvent(UUID.fromString(n.path("event_id").asText()), text(n, "type"), text(n, "bucket"),
                    text(n, "layer"), text(n, "key"), text(n, "sha256"), n.hasNonNull("size") ? n.get("size").asLong() : null,
                    text(n, "project"), text(n, "user"), n.hasNonNull("time") ? Instant.parse(n.get("time").asText()) : null,
                    text(n, "source"), json);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("not a warehouse event: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
