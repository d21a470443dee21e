package io.redback.rdw.storage;

import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.tck.ProvenanceStoreContract;
import io.redback.rdw.spi.ProvenanceSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProvenanceLogTest extends ProvenanceStoreContract {
    @TempDir
    Path dir;

    @Override
    protected ProvenanceSink createSink() {
        return ProvenanceLog.in(dir);
    }

    @Override
    protected ProvenanceSink reopen() {
        return ProvenanceLog.in(dir);
    }

    @Test
    void skipsALineTornByACrashAndKeepsWriting() throws Exception {
        ProvenanceEvent before = event(Layer.BRONZE, "p/a.csv", ProvenanceEvent.FILE_UPLOADED, Instant.now());
        sink.record(before);
        Path file = ((ProvenanceLog) sink).file();
        Files.writeString(file, "{\"event_id\":\"3f1c", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        ProvenanceEvent after = event(Layer.BRONZE, "p/b.csv", ProvenanceEvent.FILE_UPLOADED, Instant.now());
        sink.record(after);

        assertThat(recorded()).containsExactly(after, before);
    }

    @Test
    void usesTheProvenanceTableColumnNames() throws Exception {
        sink.record(event(Layer.BRONZE, "p/a.csv", ProvenanceEvent.FILE_UPLOADED, Instant.now()));
        String line = Files.readString(((ProvenanceLog) sink).file());
        assertThat(line).contains("\"event_id\"", "\"event_source\"", "\"event_type\"", "\"user_id\"", "\"bucket_name\"",
                "\"object_key\"", "\"object_size\"", "\"content_type\"", "\"custom_metadata\"", "\"sha256\"");
        assertThat(line).endsWith("\n").hasLineCount(1);
    }
}
