package io.redback.rdw.helpers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one configured Jackson mapper rdw uses internally (ISO dates, unknown fields ignored). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private Json() {
    }

    /**
     * Where derived data came from, as the JSON documents rdw publishes carry it (Logstash, Kafka events):
     * {@code {source, source_sha256, pipeline, spec_hash}}; {@code null} for a raw upload.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode lineage(io.redback.rdw.ProvenanceEvent.Lineage lineage) {
        if (lineage == null) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode l = MAPPER.createObjectNode();
        l.put("source", lineage.source() == null ? null : lineage.source().toString());
        l.put("source_sha256", lineage.sourceSha256());
        l.put("pipeline", lineage.pipeline());
        l.put("spec_hash", lineage.specHash());
        return l;
    }
}
