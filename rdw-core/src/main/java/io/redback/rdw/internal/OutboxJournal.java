package io.redback.rdw.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ProvenanceEvent;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The outbox's journal: {@code <start offset>.jsonl} segments whose names give the global offset of their first byte,
 * so a cursor is one number and delivered segments are removed without rewriting anything.
 */
final class OutboxJournal {
    /** A segment is closed past this size. */
    static final long SEGMENT_BYTES = 8L << 20;

    private final Path dir;
    private final ObjectMapper mapper;

    OutboxJournal(Path dir, ObjectMapper mapper) {
        this.dir = dir;
        this.mapper = mapper;
    }

    Path dir() {
        return dir;
    }

    List<Path> segments() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.getFileName().toString().matches("\\d{20}\\.jsonl"))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long startOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, 20));
    }

    Path segmentAt(long start) {
        return dir().resolve(String.format("%020d.jsonl", start));
    }

    /**
     * The last segment, or a new one after it when it is full; with none left, a new one at {@code startIfNone} (the
     * furthest cursor, so that no offset moves back). Called under the journal lock.
     */
    Path writableSegment(java.util.function.LongSupplier startIfNone) throws IOException {
        Files.createDirectories(dir());
        List<Path> all = segments();
        if (all.isEmpty()) {
            // after every segment was removed, offsets go on from the furthest cursor so that none moves back
            return segmentAt(startIfNone.getAsLong());
        }
        Path last = all.get(all.size() - 1);
        long size = Files.size(last);
        return size < SEGMENT_BYTES ? last : segmentAt(startOf(last) + size);
    }

    /** Removes the segments that end at or before {@code min}. Called under the journal lock. */
    void removeBefore(long min) throws IOException {
        List<Path> all = segments();
        for (int i = 0; i < all.size(); i++) {
            long end = i + 1 < all.size() ? startOf(all.get(i + 1)) : startOf(all.get(i)) + Files.size(all.get(i));
            if (end <= min) {
                Files.deleteIfExists(all.get(i));
            }
        }
    }

    /** Reads complete lines from a global offset. */
    Reader reader(long from) {
        return new Reader(from);
    }

    /** A journal line ({@code node} is {@code null} if torn): for which sinks, when queued, the event, and the offset just past it. */
    record Line(JsonNode node, long end) {
        boolean isFor(String sink) {
            JsonNode sinks = node == null ? null : node.get("sinks");
            if (sinks == null) {
                return false;
            }
            for (JsonNode s : sinks) {
                if (sink.equals(s.asText())) {
                    return true;
                }
            }
            return false;
        }

        Instant queuedAt() {
            try {
                return Instant.parse(node.get("queued_at").asText());
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** The event, or {@code null} if the line was torn. */
        ProvenanceEvent event(ObjectMapper mapper) {
            try {
                return mapper.treeToValue(node.get("event"), ProvenanceEvent.class);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** Reads complete lines from a global offset across segments; a line still being written ends the reading. */
    final class Reader implements AutoCloseable {
        private long position;
        private InputStream in;
        private long segmentEnd;

        Reader(long from) {
            this.position = from;
        }

        Line next() {
            try {
                while (true) {
                    if (in == null && !open()) {
                        return null;
                    }
                    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
                    long read = 0;
                    int b;
                    while ((b = in.read()) >= 0) {
                        read++;
                        if (b == '\n') {
                            break;
                        }
                        line.write(b);
                    }
                    if (b == '\n') {
                        position += read;
                        if (line.size() == 0) {
                            continue;
                        }
                        JsonNode node;
                        try {
                            node = mapper.readTree(line.toByteArray());
                        } catch (IOException torn) {
                            node = null; // a line torn by a crash, then another writer's line after it
                        }
                        return new Line(node, position);
                    }
                    // end of this segment: a later segment means the rest of this one was torn; else wait for more
                    closeStream();
                    long next = nextSegmentStart(position + read);
                    if (next < 0) {
                        return null;
                    }
                    position = next;
                }
            } catch (IOException e) {
                throw new BackendUnavailableException("cannot read the provenance outbox " + dir + ": " + e.getMessage(), e);
            }
        }

        private boolean open() throws IOException {
            for (Path segment : segments()) {
                long start = startOf(segment);
                long size;
                FileChannel ch;
                try {
                    size = Files.size(segment);
                    ch = position >= start && position < start + size ? FileChannel.open(segment, StandardOpenOption.READ) : null;
                } catch (java.nio.file.NoSuchFileException delivered) {
                    continue; // removed since it was listed: every sink had it, so the reading goes on after it
                }
                if (ch != null) {
                    ch.position(position - start);
                    in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
                    segmentEnd = start + size;
                    return true;
                }
                if (start > position) {
                    // the cursor points into a removed segment or a gap: go on from the next one that exists
                    position = start;
                    return open();
                }
            }
            return false;
        }

        /** The start of the segment after the one that ends at or after {@code reachedEnd}, or -1. */
        private long nextSegmentStart(long reachedEnd) {
            for (Path segment : segments()) {
                long start = startOf(segment);
                if (start >= Math.max(reachedEnd, segmentEnd)) {
                    return start;
                }
            }
            return -1;
        }

        private void closeStream() throws IOException {
            if (in != null) {
                in.close();
                in = null;
            }
        }

        @Override
        public void close() {
            try {
                closeStream();
            } catch (IOException ignored) {
                // a read-only stream
            }
        }
    }
}
