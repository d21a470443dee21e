package io.redback.rdw.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.helpers.AtomicFiles;
import io.redback.rdw.helpers.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The durable outbox in front of remote provenance sinks, in {@code <warehouse>/.rdw/outbox}: one journal of events,
 * appended and forced to disk before a write is reported as done, and one cursor per sink saying how far that sink has
 * been delivered. Several processes may append at once (a file lock); one at a time delivers to a given sink.
 *
 * <p>Layout: {@code journal/<start offset>.jsonl} segments (a segment is removed once every sink's cursor has passed
 * it), {@code cursors/<sink>.offset}, and {@code dead-letter/<sink>.jsonl} for events a sink refused for good. A journal
 * line is {@code {"sinks":[...],"queued_at":...,"event":{...}}}; a line torn by a crash is skipped, never fatal.
 */
public final class ProvenanceOutbox {
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final Path dir;
    private final Object monitor;
    private final OutboxJournal journal;

    public ProvenanceOutbox(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        this.monitor = MONITORS.computeIfAbsent(this.dir, d -> new Object());
        this.journal = new OutboxJournal(this.dir.resolve("journal"), MAPPER);
    }

    public Path dir() {
        return dir;
    }

    /** Where events refused by this sink are kept, with the reason. */
    public Path deadLetterFile(String sink) {
        return dir.resolve("dead-letter").resolve(sink + ".jsonl");
    }

    /** Appends one event for these sinks and forces it to disk. */
    public void append(ProvenanceEvent event, Collection<String> sinks, Instant now) {
        appendAll(List.of(event), sinks, now);
    }

    /**
     * Appends events for these sinks, in order, and forces them to disk: one lock and one sync per thousand events,
     * for producers that queue many at once (bulk loads, the benchmark).
     */
    public void appendAll(List<ProvenanceEvent> events, Collection<String> sinks, Instant now) {
        for (int from = 0; from < events.size(); from += 1000) {
            List<ProvenanceEvent> chunk = events.subList(from, Math.min(events.size(), from + 1000));
            java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream(chunk.size() * 700);
            for (ProvenanceEvent event : chunk) {
                try {
                    ObjectNode node = MAPPER.createObjectNode();
                    node.putPOJO("sinks", List.copyOf(sinks));
                    node.put("queued_at", now.toString());
                    node.set("event", MAPPER.valueToTree(event));
                    lines.write((MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | IllegalArgumentException e) {
                    throw new BackendUnavailableException("cannot encode provenance event " + event.eventId() + ": "
                            + e.getMessage(), e);
                }
            }
            write(lines.toByteArray(), sinks, chunk.get(0));
        }
    }

    private void write(byte[] line, Collection<String> sinks, ProvenanceEvent first) {
        synchronized (monitor) {
            try (FileChannel lockFile = openLock("journal.lock"); FileLock ignored = lockFile.lock()) {
                Path segment = journal.writableSegment(this::furthestCursor);
                try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ)) {
                    long size = ch.size();
                    ByteBuffer out = ByteBuffer.wrap(line);
                    boolean torn = size > 0 && !endsWithNewline(ch, size);
                    if (torn) {
                        // a writer died mid-line: start afresh so this event stays readable
                        out = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
                    }
                    long lineStart = OutboxJournal.startOf(segment) + size + (torn ? 1 : 0);
                    for (String sink : sinks) {
                        // a sink's first event: its cursor starts here, so nothing before it is taken for its backlog
                        Path cursor = cursorFile(sink);
                        if (!Files.exists(cursor)) {
                            writeCursor(sink, lineStart);
                        }
                    }
                    ch.position(size);
                    while (out.hasRemaining()) {
                        ch.write(out);
                    }
                    ch.force(false);
                }
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot queue provenance event " + first.eventId() + " in " + dir
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** The sinks that have a cursor here: every sink that was ever queued for, configured now or not. */
    public List<String> knownSinks() {
        try (Stream<Path> files = Files.list(dir.resolve("cursors"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".offset"))
                    .map(n -> n.substring(0, n.length() - ".offset".length())).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes delivery of this sink's queued events, exclusively: returns {@code null} if another thread or process is
     * delivering to it now. Close the returned delivery.
     */
    public Delivery deliver(String sink) {
        try {
            Files.createDirectories(dir);
            FileChannel lock = openLock("deliver-" + sink + ".lock");
            FileLock held;
            try {
                held = lock.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                lock.close();
                return null;
            }
            return new Delivery(sink, lock);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot open the provenance outbox " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What is queued for a sink: how many events and when the oldest was queued. */
    public Backlog backlog(String sink) {
        long cursor = readCursor(sink);
        if (cursor < 0) {
            return new Backlog(0, null);
        }
        long count = 0;
        Instant oldest = null;
        try (OutboxJournal.Reader r = journal.reader(cursor)) {
            for (OutboxJournal.Line l; (l = r.next()) != null; ) {
                if (l.isFor(sink)) {
                    count++;
                    oldest = oldest == null ? l.queuedAt() : oldest;
                }
            }
        }
        return new Backlog(count, oldest);
    }

    /** How many events sit in a sink's dead-letter file. */
    public long deadLettered(String sink) {
        try (Stream<String> lines = Files.lines(deadLetterFile(sink), StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).count();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** A sink's backlog. */
    public record Backlog(long queued, Instant oldestQueued) {
    }

    /** One sink's turn at the journal: read queued events in order, then move its cursor past those delivered. */
    public final class Delivery implements AutoCloseable {
        private final String sink;
        private final FileChannel lock;
        private OutboxJournal.Reader reader;

        private Delivery(String sink, FileChannel lock) {
            this.sink = sink;
            this.lock = lock;
        }

        /**
         * The next events queued for this sink, oldest first, at most {@code max}; each with the journal offset just
         * past it, to {@link #delivered} once the sink has them. Empty when nothing is queued.
         */
        public List<Queued> next(int max) {
            if (reader == null) {
                long cursor = readCursor(sink);
                if (cursor < 0) {
                    return List.of();
                }
                reader = journal.reader(cursor);
            }
            List<Queued> out = new ArrayList<>();
            long skippedTo = -1;
            for (OutboxJournal.Line l; out.size() < max && (l = reader.next()) != null; ) {
                if (!l.isFor(sink)) {
                    skippedTo = l.end();
                    continue;
                }
                ProvenanceEvent event = l.event(MAPPER);
                if (event == null) {
                    skippedTo = l.end(); // unreadable: it was never reported as recorded
                    continue;
                }
                out.add(new Queued(event, l.queuedAt(), l.end()));
            }
            if (out.isEmpty() && skippedTo >= 0) {
                delivered(skippedTo);
            }
            return out;
        }

        /** Moves the cursor: everything before {@code offset} has reached the sink (or its dead-letter file). */
        public void delivered(long offset) {
            writeCursor(sink, offset);
        }

        /** Keeps an event the sink refused for good, with the reason; delivery then goes on past it. */
        public void deadLetter(Queued q, String reason, Instant now) {
            Path file = deadLetterFile(sink);
            try {
                Files.createDirectories(file.getParent());
                ObjectNode node = MAPPER.createObjectNode();
                node.put("sink", sink);
                node.put("reason", reason);
                node.put("refused_at", now.toString());
                node.set("event", MAPPER.valueToTree(q.event()));
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
                    ch.write(ByteBuffer.wrap((MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8)));
                    ch.force(false);
                }
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot write the dead-letter file " + file + ": " + e.getMessage(), e);
            }
            delivered(q.end());
        }

        @Override
        public void close() {
            if (reader != null) {
                reader.close();
            }
            try {
                lock.close();
            } catch (IOException ignored) {
                // releasing the lock file: the operating system releases it with the process anyway
            }
            removeDeliveredSegments();
        }
    }

    /** An event waiting for one sink, and the journal offset just past it. */
    public record Queued(ProvenanceEvent event, Instant queuedAt, long end) {
    }

    // ---- journal files ----

    private FileChannel openLock(String name) throws IOException {
        Files.createDirectories(dir);
        return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private long furthestCursor() {
        long max = 0;
        for (String sink : knownSinks()) {
            max = Math.max(max, readCursor(sink));
        }
        return max;
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private Path cursorFile(String sink) {
        return dir.resolve("cursors").resolve(sink + ".offset");
    }

    /** The sink's cursor, or -1 if nothing was ever queued for it. */
    private long readCursor(String sink) {
        try {
            return Long.parseLong(Files.readString(cursorFile(sink), StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException | NumberFormatException e) {
            throw new BackendUnavailableException("cannot read the outbox cursor " + cursorFile(sink) + ": "
                    + e.getMessage() + "; delete it to deliver this sink's queued events again (each is kept once)", e);
        }
    }

    private void writeCursor(String sink, long offset) {
        Path file = cursorFile(sink);
        AtomicFiles.write(file, AtomicFiles.Existing.REPLACE, partial -> {
            try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(Long.toString(offset).getBytes(StandardCharsets.US_ASCII)));
                ch.force(false);
            }
            return null;
        });
    }

    /** Removes the segments every sink has passed. */
    private void removeDeliveredSegments() {
        synchronized (monitor) {
            try (FileChannel lockFile = openLock("journal.lock"); FileLock ignored = lockFile.lock()) {
                long min = Long.MAX_VALUE;
                for (String sink : knownSinks()) {
                    min = Math.min(min, readCursor(sink));
                }
                journal.removeBefore(min);
            } catch (IOException e) {
                // segments left behind are removed at the next delivery; nothing is lost by keeping them
            }
        }
    }
}
