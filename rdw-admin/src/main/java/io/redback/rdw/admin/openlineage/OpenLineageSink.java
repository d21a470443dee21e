package io.redback.rdw.admin.openlineage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import io.redback.rdw.admin.JsonEndpoint;
import io.redback.rdw.helpers.Json;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceSink;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Uploads and pipeline runs as OpenLineage RunEvents (START, then COMPLETE or FAIL), sent to an OpenLineage HTTP
 * endpoint ({@code POST /api/v1/lineage}, as Marquez serves it). Datasets are named by OpenLineage's convention for
 * object stores: namespace {@code s3://<bucket>}, name the key. Through rdw's outbox, so it never blocks or fails the
 * write it describes; the run id is derived from the provenance event's id, so a replay repeats the same run.
 */
final class OpenLineageSink implements ProvenanceSink {
    private static final ObjectMapper MAPPER = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final RdwConfig config;
    /** The producer every event and facet names: rdw's source. */
    static final URI PRODUCER = URI.create("https://github.com/redback-operations/rdw");
    private final JsonEndpoint endpoint;
    private final String namespace;
    private final OpenLineage ol;

    OpenLineageSink(RdwConfig config, URI base, String namespace, Optional<Secret> apiKey, String version) {
        this.config = config;
        String b = base.toString().replaceAll("/+$", "");
        this.endpoint = new JsonEndpoint("openlineage", URI.create(b.endsWith("/api/v1/lineage") ? b : b + "/api/v1/lineage"),
                apiKey);
        this.namespace = namespace;
        this.ol = new OpenLineage(PRODUCER);
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
        for (OpenLineage.RunEvent run : runEvents(event)) {
            send(event, run);
        }
    }

    /** The RunEvents of one provenance event: none for events that are not a run (documents, deletions). */
    List<OpenLineage.RunEvent> runEvents(ProvenanceEvent e) {
        UUID runId = UUID.nameUUIDFromBytes(("rdw-run:" + e.eventId()).getBytes(StandardCharsets.UTF_8));
        Instant end = e.timestamp();
        Instant start = Optional.ofNullable(e.customMetadata().get("started_at")).map(Object::toString)
                .map(Instant::parse).orElse(end);
        String job;
        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        OpenLineage.RunEvent.EventType outcome;
        switch (e.eventType()) {
            case ProvenanceEvent.FILE_UPLOADED, ProvenanceEvent.OBJECT_WRITTEN -> {
                job = "rdw.upload";
                Object original = e.customMetadata().get("original_filename");
                if (original != null) {
                    inputs.add(ol.newInputDataset("file", original.toString(), null, null));
                }
                outputs.add(ol.newOutputDataset("s3://" + e.bucketName(), e.objectKey(), null, null));
                outcome = OpenLineage.RunEvent.EventType.COMPLETE;
            }
            case ProvenanceEvent.OBJECT_DERIVED -> {
                job = "rdw.pipeline." + (e.lineage() == null ? "unknown" : e.lineage().pipeline());
                source(e).ifPresent(inputs::add);
                outputs.add(ol.newOutputDataset("s3://" + e.bucketName(), e.objectKey(), null, null));
                outcome = OpenLineage.RunEvent.EventType.COMPLETE;
            }
            case ProvenanceEvent.PIPELINE_FAILED -> {
                job = "rdw.pipeline." + (e.lineage() == null ? "unknown" : e.lineage().pipeline());
                inputs.add(ol.newInputDataset("s3://" + e.bucketName(), e.objectKey(), null, null));
                outcome = OpenLineage.RunEvent.EventType.FAIL;
            }
            default -> {
                return List.of();
            }
        }
        // rdw's own facet links the run to its provenance event; a failed run carries its error too
        OpenLineage.DefaultRunFacet rdw = new OpenLineage.DefaultRunFacet(PRODUCER);
        rdw.getAdditionalProperties().put("event_id", e.eventId().toString());
        rdw.getAdditionalProperties().put("user", e.userId());
        if (e.sha256() != null) {
            rdw.getAdditionalProperties().put("sha256", e.sha256());
        }
        if (e.lineage() != null && e.lineage().specHash() != null) {
            rdw.getAdditionalProperties().put("spec_hash", e.lineage().specHash());
        }
        OpenLineage.RunFacetsBuilder facets = ol.newRunFacetsBuilder().put("rdw_provenance", rdw);
        if (outcome == OpenLineage.RunEvent.EventType.FAIL) {
            facets.errorMessage(ol.newErrorMessageRunFacet(String.valueOf(e.customMetadata().get("error")), "Java", null));
        }
        OpenLineage.Run run = ol.newRun(runId, facets.build());
        OpenLineage.Job j = ol.newJob(namespace, job, null);
        return List.of(
                ol.newRunEvent(utc(start), OpenLineage.RunEvent.EventType.START, run, j, inputs, List.of()),
                ol.newRunEvent(utc(end), outcome, run, j, inputs, outputs));
    }

    private Optional<OpenLineage.InputDataset> source(ProvenanceEvent e) {
        if (e.lineage() == null || e.lineage().source() == null) {
            return Optional.empty();
        }
        ObjectRef s = e.lineage().source();
        return Optional.of(ol.newInputDataset("s3://" + config.bucket(s.layer()), s.key(), null, null));
    }

    private static ZonedDateTime utc(Instant i) {
        return (i == null ? Instant.now() : i).atZone(ZoneOffset.UTC);
    }

    private void send(ProvenanceEvent event, OpenLineage.RunEvent run) {
        String body;
        try {
            body = MAPPER.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new ProvenanceRefusedException(event.eventId(), "cannot write the RunEvent: " + e.getMessage(), e);
        }
        HttpResponse<String> response = endpoint.post(body.getBytes(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        if (status == 429 || status >= 500 || status == 401 || status == 403) {
            throw new BackendUnavailableException(describe() + " answered HTTP " + status + "; the events stay queued");
        }
        throw new ProvenanceRefusedException(event.eventId(), describe() + " refused the RunEvent: HTTP " + status + " "
                + JsonEndpoint.excerpt(response.body()), null);
    }

    @Override
    public io.redback.rdw.Health health() {
        return endpoint.health("check rdw.openlineage.url (OPENLINEAGE_URL)");
    }

    @Override
    public void close() {
        // nothing held open
    }
}
