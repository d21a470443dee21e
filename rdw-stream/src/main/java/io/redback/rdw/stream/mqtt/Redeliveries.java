package io.redback.rdw.stream.mqtt;

import io.redback.rdw.helpers.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * How an ingester recognises messages it already stored when the broker sends them again.
 *
 * <p>A batch is acknowledged only after it is stored, so between the two a crash or a lost connection makes the broker
 * resend it. MQTT (3.1.1 4.4, 5 4.4) resends a session's unacknowledged messages first, in the order it first sent
 * them. So the messages that arrive first after a reconnect begin with the tail of what was stored last and not yet
 * acknowledged: the longest start of them that equals an end of the last stored batches is a redelivery, and is not
 * stored again. The broker's DUP flag would say no more (the HiveMQ client does not show it, and it marks a possible
 * redelivery, not a certain one).
 *
 * <p>The broker holds at most the connection's receive maximum of messages unacknowledged, so a redelivery repeats at
 * most that many stored messages. The ledger keeps the fingerprints of the last stored batches that cover at least
 * that many (the window), in a file written (and forced to disk) <em>before</em> a batch is stored: after a crash it
 * names every batch that may be unacknowledged. A batch the ledger names but the store does not hold was never stored,
 * and counts for nothing.
 *
 * <p>Not thread-safe: the ingester's thread alone uses it.
 */
final class Redeliveries {
    private static final int MAGIC = 0x52445731; // "RDW1"

    /** A stored (or about to be stored) batch: its object's key and its messages' fingerprints in order. */
    record Batch(String key, long[] fingerprints) {
    }

    /** The file is rewritten with only what it must keep once it holds this many windows. */
    private static final int COMPACT_AFTER = 4;
    private static final int RECORD = 0x42;

    private final Path ledger;
    private final int window;
    private final List<Batch> batches;
    private long kept;
    private long onDisk;

    private Redeliveries(Path ledger, int window, List<Batch> batches) {
        this.ledger = ledger;
        this.window = window;
        this.batches = batches;
    }

    /**
     * The ledger of a client id, read from its file (a missing file is an empty ledger). A batch half-written when the
     * process died was never stored, and is dropped.
     *
     * @param window how many of the last stored messages a redelivery may repeat: the receive maximum
     */
    static Redeliveries load(Path ledger, int window) {
        Redeliveries r = new Redeliveries(ledger, window, new ArrayList<>());
        boolean torn = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ledger));
             DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != MAGIC) {
                throw new IOException("not an rdw MQTT ledger");
            }
            while (true) {
                int mark = in.read();
                if (mark < 0) {
                    break;
                }
                try {
                    if (mark != RECORD) {
                        throw new IOException("damaged record");
                    }
                    String key = data.readUTF();
                    long[] fingerprints = new long[data.readInt()];
                    for (int i = 0; i < fingerprints.length; i++) {
                        fingerprints[i] = data.readLong();
                    }
                    r.remember(new Batch(key, fingerprints));
                    r.onDisk += fingerprints.length;
                } catch (EOFException partial) {
                    torn = true;
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return r; // never stored anything under this client id
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT ledger " + ledger + " (" + e.getMessage() + "); remove "
                    + "it to start afresh: messages the broker redelivers may then be stored twice", e);
        }
        if (torn) {
            r.save();
        }
        return r;
    }

    /** Records that {@code batch} is about to be stored: appended, and on disk, before the store sees it. */
    void storing(Batch batch) {
        remember(batch);
        if (onDisk > COMPACT_AFTER * (long) Math.max(window, batch.fingerprints().length)) {
            save();
            return;
        }
        try (FileChannel channel = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            boolean fresh = channel.size() == 0;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + batch.fingerprints().length * 8);
            DataOutputStream data = new DataOutputStream(bytes);
            if (fresh) {
                data.writeInt(MAGIC);
            }
            write(data, batch);
            channel.write(ByteBuffer.wrap(bytes.toByteArray()));
            channel.force(false);
            onDisk += batch.fingerprints().length;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MQTT ledger " + ledger + ": " + e.getMessage(), e);
        }
    }

    /** Keeps a batch in memory, and forgets the oldest ones while the rest still cover the window. */
    private void remember(Batch batch) {
        batches.add(batch);
        kept += batch.fingerprints().length;
        while (batches.size() > 1 && kept - batches.get(0).fingerprints().length >= window) {
            kept -= batches.remove(0).fingerprints().length;
        }
    }

    /**
     * The key of the last batch when it holds exactly these fingerprints and the store has it: a store that answered
     * with an error may still have written it, and it must not be written twice.
     */
    Optional<String> storedAs(long[] fingerprints, Predicate<String> stored) {
        if (batches.isEmpty()) {
            return Optional.empty();
        }
        Batch last = batches.get(batches.size() - 1);
        return Arrays.equals(last.fingerprints(), fingerprints) && stored.test(last.key()) ? Optional.of(last.key())
                : Optional.empty();
    }

    /**
     * The fingerprints a redelivery may repeat, oldest first: those of the remembered batches the store holds
     * ({@code stored} tells), in order.
     */
    long[] expected(Predicate<String> stored) {
        if (batches.removeIf(b -> !stored.test(b.key()))) {
            kept = batches.stream().mapToLong(b -> b.fingerprints().length).sum();
        }
        int n = batches.stream().mapToInt(b -> b.fingerprints().length).sum();
        long[] out = new long[n];
        int at = 0;
        for (Batch b : batches) {
            System.arraycopy(b.fingerprints(), 0, out, at, b.fingerprints().length);
            at += b.fingerprints().length;
        }
        return out;
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Rewrites the file with the batches kept, atomically. */
    private void save() {
        AtomicFiles.write(ledger, AtomicFiles.Existing.REPLACE, partial -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial));
                 DataOutputStream data = new DataOutputStream(out)) {
                data.writeInt(MAGIC);
                for (Batch b : batches) {
                    write(data, b);
                }
            }
            AtomicFiles.force(partial);
            return null;
        });
        onDisk = kept;
    }

    private static void write(DataOutputStream data, Batch b) throws IOException {
        data.write(RECORD);
        data.writeUTF(b.key());
        data.writeInt(b.fingerprints().length);
        for (long f : b.fingerprints()) {
            data.writeLong(f);
        }
    }

    /**
     * How many of the first {@code received} fingerprints are a redelivery of the end of {@code expected}: the length
     * of the longest start of {@code received} that is also an end of {@code expected} (0 when none is).
     */
    static int redelivered(long[] expected, long[] received) {
        Match match = new Match(expected);
        for (long f : received) {
            if (match.offer(f)) {
                break;
            }
        }
        return match.repeated();
    }

    /**
     * Watches what arrives after a reconnect, one message at a time, for the longest start that repeats an end of the
     * expected fingerprints. Each place in them where such a repeat could begin is followed while the messages agree
     * with it; the match is decided once none is left, usually after the first message that is new.
     */
    static final class Match {
        private final long[] expected;
        private int[] alive = new int[0];
        private int size;
        private int offered;
        private int repeated;

        Match(long[] expected) {
            this.expected = expected;
        }

        /** Takes the next message's fingerprint; returns whether the match is decided. */
        boolean offer(long f) {
            if (decided()) {
                return true;
            }
            int k = offered++;
            if (k == 0) {
                for (int i = 0; i < expected.length; i++) {
                    if (expected[i] == f) {
                        keep(i);
                    }
                }
            } else {
                int n = 0;
                for (int j = 0; j < size; j++) {
                    if (expected[alive[j] + k] == f) {
                        alive[n++] = alive[j];
                    }
                }
                size = n;
            }
            int n = 0;
            for (int j = 0; j < size; j++) {
                if (alive[j] + k + 1 == expected.length) {
                    repeated = Math.max(repeated, k + 1); // this start repeats the whole end: a redelivery
                } else {
                    alive[n++] = alive[j];
                }
            }
            size = n;
            return decided();
        }

        private void keep(int start) {
            if (size == alive.length) {
                alive = Arrays.copyOf(alive, Math.max(8, size * 2));
            }
            alive[size++] = start;
        }

        /** Whether no longer repeat is possible. */
        boolean decided() {
            return offered > 0 && size == 0;
        }

        /** How many of the messages offered so far repeat stored ones: the longest repeat found. */
        int repeated() {
            return repeated;
        }
    }
}
