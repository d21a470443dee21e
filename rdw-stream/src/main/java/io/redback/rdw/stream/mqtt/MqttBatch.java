package io.redback.rdw.stream.mqtt;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The messages received since the last stored batch: their records and rejects in files of their own (a batch may be
 * large), their fingerprints, and the messages themselves, to acknowledge once the batch is stored. Duplicates are
 * only acknowledged.
 */
final class MqttBatch implements AutoCloseable {
    private final Path folder;
    private final boolean keepRecords;
    private final List<Mqtt5Publish> toAcknowledge = new ArrayList<>();
    private final List<Map.Entry<String, String>> records = new ArrayList<>();
    private long[] fingerprints = new long[64];
    private int counted;
    private Path recordFile;
    private Writer recordOut;
    private Path rejectFile;
    private Writer rejectOut;
    private int messages;
    private int rejected;
    private int duplicates;
    private long bytes;
    private Instant first;
    private Instant last;
    private long startedNanos;
    private int attempts;

    /** @param keepRecords whether to keep each record in memory too, to forward it */
    MqttBatch(Path folder, boolean keepRecords) {
        this.folder = folder;
        this.keepRecords = keepRecords;
    }

    void add(Mqtt5Publish message, MqttRecords.Line line, Instant received) {
        try {
            if (line.rejected()) {
                if (rejectOut == null) {
                    rejectFile = Files.createTempFile(folder, "batch-", ".rejects.part");
                    rejectOut = Files.newBufferedWriter(rejectFile, StandardCharsets.UTF_8);
                }
                rejectOut.write(line.json());
                rejectOut.write('\n');
                rejected++;
            } else {
                if (recordOut == null) {
                    recordFile = Files.createTempFile(folder, "batch-", ".jsonl.part");
                    recordOut = new BufferedWriter(Files.newBufferedWriter(recordFile, StandardCharsets.UTF_8), 1 << 16);
                }
                recordOut.write(line.json());
                recordOut.write('\n');
                if (keepRecords) {
                    records.add(Map.entry(message.getTopic().toString(), line.json()));
                }
                messages++;
                bytes += line.payloadBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQTT batch in " + folder + ": " + e.getMessage(), e);
        }
        if (counted == fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, counted * 2);
        }
        fingerprints[counted++] = line.fingerprint();
        if (first == null) {
            first = received;
            startedNanos = System.nanoTime();
        }
        last = received;
        toAcknowledge.add(message);
    }

    /** A redelivery of a message already stored: acknowledged with the batch, not stored. */
    void duplicate(Mqtt5Publish message) {
        if (toAcknowledge.isEmpty()) {
            startedNanos = System.nanoTime();
        }
        toAcknowledge.add(message);
        duplicates++;
    }

    boolean isEmpty() {
        return toAcknowledge.isEmpty();
    }

    /** How many messages await acknowledgement: each counts toward the broker's receive maximum. */
    int unacknowledged() {
        return toAcknowledge.size();
    }

    /** When the batch began, by {@link System#nanoTime()}. */
    long startedNanos() {
        return startedNanos;
    }

    /** The stored and rejected messages' fingerprints, in the order received. */
    long[] fingerprints() {
        return Arrays.copyOf(fingerprints, counted);
    }

    /** The records file, complete; {@code null} when no message is stored. */
    Path records() {
        return finish(recordOut, recordFile);
    }

    /** The rejects file, complete; {@code null} when none was rejected. */
    Path rejects() {
        return finish(rejectOut, rejectFile);
    }

    private static Path finish(Writer out, Path file) {
        if (out == null) {
            return null;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQTT batch " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    List<Map.Entry<String, String>> forwardRecords() {
        return records;
    }

    int messages() {
        return messages;
    }

    int rejected() {
        return rejected;
    }

    int duplicates() {
        return duplicates;
    }

    long bytes() {
        return bytes;
    }

    Instant first() {
        return first;
    }

    Instant last() {
        return last;
    }

    /** Counts a try to store the batch, and says how many came before it. */
    int attempt() {
        return attempts++;
    }

    /** Tells the broker it may forget every message of the batch. */
    void acknowledge() {
        for (Mqtt5Publish m : toAcknowledge) {
            m.acknowledge();
        }
    }

    @Override
    public void close() {
        for (Writer w : new Writer[]{recordOut, rejectOut}) {
            try {
                if (w != null) {
                    w.close();
                }
            } catch (IOException ignored) {
                // the file goes next
            }
        }
        for (Path p : new Path[]{recordFile, rejectFile}) {
            try {
                if (p != null) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // a .part file in rdw's own folder; the next start removes leftovers
            }
        }
    }
}
