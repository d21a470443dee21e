package io.redback.rdw.storage;

import io.redback.rdw.helpers.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded provenance log: one JSON object per line in {@code <warehouse>/.rdw/provenance.jsonl}, with the
 * {@code provenance} table's column names. Appends are serialized across threads and processes (a file lock) and
 * forced to disk before {@link #record} returns. A line torn by a crash is skipped when reading, never fatal.
 */
final class ProvenanceLog implements ProvenanceStore {
    private static final Logger LOG = LoggerFactory.getLogger(ProvenanceLog.class);
    /** Made on first use: a client that never writes or reads provenance (a local clean) need not start Jackson. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
    /** One monitor per file: a JVM may not hold two FileLocks on one file. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private final Path file;

    ProvenanceLog(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The log of an embedded warehouse folder. */
    static ProvenanceLog in(Path warehouse) {
        return new ProvenanceLog(warehouse.resolve(".rdw").resolve("provenance.jsonl"));
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "embedded:" + file;
    }

    @Override
    public void record(ProvenanceEvent event) {
        byte[] line;
        try {
            line = (Mapper.INSTANCE.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot encode provenance event " + event.eventId(), e);
        }
        synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
            try {
                Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ); FileLock ignored = ch.lock()) {
                    long size = ch.size();
                    ByteBuffer out = ByteBuffer.wrap(line);
                    if (size > 0 && !endsWithNewline(ch, size)) {
                        // a previous writer died mid-line: start on a fresh line so this event stays readable
                        out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
                    }
                    ch.position(size);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    ch.force(false);
                }
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot record provenance event in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    @Override
    public List<ProvenanceEvent> find(ProvenanceQuery query) {
        List<ProvenanceEvent> events = new ArrayList<>();
        java.util.Set<java.util.UUID> seen = new java.util.HashSet<>();
        int torn = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                ProvenanceEvent e;
                try {
                    e = Mapper.INSTANCE.readValue(line, ProvenanceEvent.class);
                } catch (IOException bad) {
                    torn++;
                    continue;
                }
                // an event replayed after a crash is on two lines: it happened once
                if (seen.add(e.eventId()) && query.matches(e)) {
                    events.add(e);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read provenance log " + file + ": " + e.getMessage(), e);
        }
        if (torn > 0) {
            LOG.warn("skipped {} unreadable line(s) in {}", torn, file);
        }
        Collections.reverse(events);
        return query.limit() > 0 && events.size() > query.limit() ? List.copyOf(events.subList(0, query.limit())) : events;
    }

    @Override
    public io.redback.rdw.Health health() {
        long start = System.nanoTime();
        java.time.Duration took;
        try {
            Files.createDirectories(file.getParent());
            boolean ok = Files.isWritable(file.getParent()) && (!Files.exists(file) || Files.isWritable(file));
            took = java.time.Duration.ofNanos(System.nanoTime() - start);
            return ok ? io.redback.rdw.Health.up("provenance", describe(), took, "the log can be appended to")
                    : io.redback.rdw.Health.down("provenance", describe(), took, file + " is not writable: fix its "
                    + "permissions, or set rdw.warehouse to a folder this user owns");
        } catch (IOException e) {
            took = java.time.Duration.ofNanos(System.nanoTime() - start);
            return io.redback.rdw.Health.down("provenance", describe(), took, "cannot create " + file.getParent() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        // nothing held open between calls
    }

    @Override
    public String toString() {
        return describe();
    }
}
