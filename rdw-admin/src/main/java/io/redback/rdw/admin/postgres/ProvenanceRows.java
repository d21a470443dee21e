package io.redback.rdw.admin.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an rdw event fills a row of the {@code provenance} table, and how any row (rdw's, the upload service's, MinIO's
 * notifications') reads back as an event. The columns take their natural values; rdw's own fields go into
 * {@code custom_metadata} under the stable keys below, beside the event's own keys ({@code original_filename},
 * {@code project}, ...), which the upload service uses too.
 */
final class ProvenanceRows {
    /** Hex SHA-256 of the object's content. */
    static final String SHA256 = "rdw_sha256";
    /** The medallion layer: bronze, silver or gold. */
    static final String LAYER = "rdw_layer";
    /** The rdw version that wrote. */
    static final String VERSION = "rdw_version";
    /** For derived data: the source object's layer and key, its SHA-256 when read, the pipeline and its spec hash. */
    static final String SOURCE_LAYER = "rdw_source_layer";
    static final String SOURCE_KEY = "rdw_source_key";
    static final String SOURCE_SHA256 = "rdw_source_sha256";
    static final String PIPELINE = "rdw_pipeline";
    static final String SPEC_HASH = "rdw_spec_hash";

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private ProvenanceRows() {
    }

    /** The {@code custom_metadata} JSON of an rdw event. */
    static String customMetadata(ProvenanceEvent e) {
        Map<String, Object> m = new LinkedHashMap<>(e.customMetadata());
        put(m, SHA256, e.sha256());
        put(m, LAYER, e.layer() == null ? null : e.layer().id());
        put(m, VERSION, e.rdwVersion());
        if (e.lineage() != null) {
            if (e.lineage().source() != null) {
                put(m, SOURCE_LAYER, e.lineage().source().layer().id());
                put(m, SOURCE_KEY, e.lineage().source().key());
            }
            put(m, SOURCE_SHA256, e.lineage().sourceSha256());
            put(m, PIPELINE, e.lineage().pipeline());
            put(m, SPEC_HASH, e.lineage().specHash());
        }
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("custom metadata of event " + e.eventId() + " is not JSON: " + ex.getMessage(), ex);
        }
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** A row as an event. {@code custom_metadata} that is not a JSON object (MinIO's records) is kept under "value". */
    static ProvenanceEvent event(RdwConfig config, Row r) {
        Map<String, Object> meta = metadata(r.customMetadata());
        String sha = text(meta.remove(SHA256));
        String layerName = text(meta.remove(LAYER));
        String version = text(meta.remove(VERSION));
        String sourceLayer = text(meta.remove(SOURCE_LAYER));
        String sourceKey = text(meta.remove(SOURCE_KEY));
        String sourceSha = text(meta.remove(SOURCE_SHA256));
        String pipeline = text(meta.remove(PIPELINE));
        String spec = text(meta.remove(SPEC_HASH));
        Layer layer = layerName != null ? Layer.parse(layerName)
                : r.bucketName() == null ? null : config.layerOf(r.bucketName()).orElse(null);
        ProvenanceEvent.Lineage lineage = null;
        if (sourceKey != null || pipeline != null) {
            ObjectRef source = sourceKey == null || sourceLayer == null ? null
                    : new ObjectRef(Layer.parse(sourceLayer), sourceKey);
            lineage = new ProvenanceEvent.Lineage(source, sourceSha, pipeline, spec);
        }
        return new ProvenanceEvent(r.eventId(), r.eventSource(), r.eventType(), r.timestamp(), r.userId(), r.sourceIp(),
                r.bucketName(), r.objectKey(), r.objectSize(), r.objectEtag(), r.contentType(), r.serviceEndpoint(),
                sha, layer, version, lineage, meta);
    }

    private static Map<String, Object> metadata(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node.isObject()) {
                Map<String, Object> m = Json.MAPPER.convertValue(node, MAP);
                return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", Json.MAPPER.convertValue(node, Object.class));
            return m;
        } catch (JsonProcessingException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", json);
            return m;
        }
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    /** A row as read, before mapping. */
    record Row(java.util.UUID eventId, String eventSource, String eventType, java.time.Instant timestamp, String userId,
               String sourceIp, String bucketName, String objectKey, Long objectSize, String objectEtag,
               String contentType, String serviceEndpoint, String customMetadata) {
    }
}
