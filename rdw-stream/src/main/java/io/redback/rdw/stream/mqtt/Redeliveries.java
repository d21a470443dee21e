package io.redback.rdw.stream.mqtt;

import io.redback.rdw.helpers.AtomicFiles;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * <p>The fingerprints of the last {@value #KEPT} stored batches are kept in a ledger file, written (and forced to disk)
 * <em>before</em> a batch is stored, so after a crash the ledger names every batch that may be unacknowledged; a batch
 * the ledger names but the store does not hold was never stored, and counts for nothing.
 *
 * <p>Not thread-safe: the ingester's thread alone uses it.
 */
final class Redeliveries {
    /** Batches remembered: the one being stored, and the one before, whose acknowledgements may not have left. */
    static final int KEPT = 2;
    private static final int MAGIC = 0x52445731; // "RDW1"

    /** A stored (or about to be stored) batch: its object's key and its messages' fingerprints in order. */
    record Batch(String key, long[] fingerprints) {
    }

    private final Path ledger;
    private final List<Batch> batches;

    private Redeliveries(Path ledger, List<Batch> batches) {
        this.ledger = ledger;
        this.batches = batches;
    }

    /** The ledger of a client id, read from its file (a missing file is an empty ledger). */
    static Redeliveries load(Path ledger) {
        List<Batch> batches = new ArrayList<>();
        try (InputStream in = Files.newInputStream(ledger); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != MAGIC) {
                throw new IOException("not an rdw MQTT ledger");
            }
            int count = data.readInt();
            for (int b = 0; b < count; b++) {
                String key = data.readUTF();
                long[] fingerprints = new long[data.readInt()];
                for (int i = 0; i < fingerprints.length; i++) {
                    fingerprints[i] = data.readLong();
                }
                batches.add(new Batch(key, fingerprints));
            }
        } catch (NoSuchFileException e) {
            // never stored anything under this client id
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MQTT ledger " + ledger + " (" + e.getMessage() + "); remove "
                    + "it to start afresh: messages the broker redelivers may then be stored twice", e);
        }
        return new Redeliveries(ledger, batches);
    }

    /** Records that {@code batch} is about to be stored: on disk before the store sees it. */
    void storing(Batch batch) {
        batches.add(batch);
        while (batches.size() > KEPT) {
            batches.remove(0);
        }
        save();
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
        batches.removeIf(b -> !stored.test(b.key()));
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

    private void save() {
        AtomicFiles.write(ledger, AtomicFiles.Existing.REPLACE, partial -> {
            try (OutputStream out = Files.newOutputStream(partial); DataOutputStream data = new DataOutputStream(out)) {
                data.writeInt(MAGIC);
                data.writeInt(batches.size());
                for (Batch b : batches) {
                    data.writeUTF(b.key());
                    data.writeInt(b.fingerprints().length);
                    for (long f : b.fingerprints()) {
                        data.writeLong(f);
                    }
                }
            }
            AtomicFiles.force(partial);
            return null;
        });
    }

    /**
     * How many of the first {@code received} fingerprints are a redelivery of the end of {@code expected}: the length
     * of the longest start of {@code received} that is also an end of {@code expected} (0 when none is). Linear time:
     * the prefix function of {@code received}, then {@code expected} run through it.
     */
    static int redelivered(long[] expected, long[] received) {
        if (expected.length == 0 || received.length == 0) {
            return 0;
        }
        int[] border = new int[received.length];
        for (int i = 1, k = 0; i < received.length; i++) {
            while (k > 0 && received[i] != received[k]) {
                k = border[k - 1];
            }
            if (received[i] == received[k]) {
                k++;
            }
            border[i] = k;
        }
        int matched = 0;
        for (long f : expected) {
            while (matched > 0 && (matched == received.length || f != received[matched])) {
                matched = border[matched - 1];
            }
            if (f == received[matched]) {
                matched++;
            }
        }
        return matched;
    }
}
