package io.redback.rdw.stream.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recognising a redelivery: the longest start of what arrives that ends what was stored, and the ledger on disk. */
class RedeliveriesTest {
    @TempDir
    Path folder;

    private static long[] f(long... values) {
        return values;
    }

    @Test
    void theWholeUnacknowledgedBatchSentAgainIsRecognised() {
        // stored 1..5, none acknowledged; the broker sends 1..5 again, then the new 6 and 7
        assertThat(Redeliveries.redelivered(f(1, 2, 3, 4, 5), f(1, 2, 3, 4, 5, 6, 7))).isEqualTo(5);
    }

    @Test
    void onlyTheTailThatWasNotAcknowledgedComesAgain() {
        // 1..3 were acknowledged before the crash: 4 and 5 come again, then new ones
        assertThat(Redeliveries.redelivered(f(1, 2, 3, 4, 5), f(4, 5, 9))).isEqualTo(2);
    }

    @Test
    void nothingIsRecognisedWhenTheNewMessagesDoNotEndTheStoredOnes() {
        assertThat(Redeliveries.redelivered(f(1, 2, 3), f(7, 8, 9))).isZero();
        // 2 was stored, but it was not the last stored message: a redelivery always ends with the last one
        assertThat(Redeliveries.redelivered(f(1, 2, 3), f(2, 8))).isZero();
        assertThat(Redeliveries.redelivered(f(), f(1))).isZero();
        assertThat(Redeliveries.redelivered(f(1), f())).isZero();
    }

    @Test
    void repeatedMessagesAreMatchedByTheLongestEnding() {
        // the same reading twice in a row, both stored and unacknowledged: both come again
        assertThat(Redeliveries.redelivered(f(7, 7), f(7, 7, 8))).isEqualTo(2);
        // a run of equal messages: the prefix function falls back correctly
        assertThat(Redeliveries.redelivered(f(1, 1, 2, 1, 1, 1), f(1, 1, 1, 5))).isEqualTo(3);
        assertThat(Redeliveries.redelivered(f(3, 1, 2, 1, 2), f(1, 2, 1, 2, 4))).isEqualTo(4);
    }

    @Test
    void theLedgerKeepsTheLastBatchesThatCoverTheWindowAcrossAReload() {
        Path file = folder.resolve("client.ledger");
        Redeliveries ledger = Redeliveries.load(file, 3);
        assertThat(ledger.isEmpty()).isTrue();
        ledger.storing(new Redeliveries.Batch("a.jsonl", f(1, 2)));
        ledger.storing(new Redeliveries.Batch("b.jsonl", f(3)));
        ledger.storing(new Redeliveries.Batch("c.jsonl", f(4, 5)));

        Redeliveries reloaded = Redeliveries.load(file, 3);
        assertThat(reloaded.expected(key -> true)).containsExactly(3, 4, 5);
        // a batch the store does not hold was never stored: it is forgotten
        assertThat(Redeliveries.load(file, 3).expected(Set.of("b.jsonl")::contains)).containsExactly(3);

        // a window of three messages in batches of one: the last three batches
        Redeliveries small = Redeliveries.load(folder.resolve("small.ledger"), 3);
        for (int i = 1; i <= 5; i++) {
            small.storing(new Redeliveries.Batch(i + ".jsonl", f(i)));
        }
        assertThat(small.expected(key -> true)).containsExactly(3, 4, 5);
    }

    @Test
    void aBatchStoredDespiteAnErrorIsFoundByItsFingerprints() {
        Redeliveries ledger = Redeliveries.load(folder.resolve("l"), 3);
        ledger.storing(new Redeliveries.Batch("x.jsonl", f(1, 2, 3)));
        assertThat(ledger.storedAs(f(1, 2, 3), key -> true)).contains("x.jsonl");
        assertThat(ledger.storedAs(f(1, 2, 3), key -> false)).isEmpty();
        assertThat(ledger.storedAs(f(1, 2), key -> true)).isEmpty();
    }

    @Test
    void aBatchHalfWrittenWhenTheProcessDiedIsDroppedAndTheFileStaysSmall() throws Exception {
        Path file = folder.resolve("torn.ledger");
        Redeliveries ledger = Redeliveries.load(file, 2);
        ledger.storing(new Redeliveries.Batch("a.jsonl", f(1, 2)));
        ledger.storing(new Redeliveries.Batch("b.jsonl", f(3, 4)));
        byte[] whole = Files.readAllBytes(file);
        // the process died in the middle of appending b
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
        Redeliveries reloaded = Redeliveries.load(file, 2);
        assertThat(reloaded.expected(key -> true)).containsExactly(1, 2);
        reloaded.storing(new Redeliveries.Batch("c.jsonl", f(5)));
        assertThat(Redeliveries.load(file, 2).expected(key -> true)).containsExactly(1, 2, 5);

        // appended batch after batch, the file is rewritten with only the window once it holds a few windows
        for (int i = 0; i < 100; i++) {
            reloaded.storing(new Redeliveries.Batch("n" + i + ".jsonl", f(100 + i)));
        }
        assertThat(Files.size(file)).isLessThan(200);
        assertThat(Redeliveries.load(file, 2).expected(key -> true)).containsExactly(198, 199);
    }

    @Test
    void aDamagedLedgerIsAClearError() throws Exception {
        Path file = Files.write(folder.resolve("bad.ledger"), new byte[]{1, 2, 3, 4, 5});
        assertThatThrownBy(() -> Redeliveries.load(file, 3)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot read the MQTT ledger").hasMessageContaining("remove it");
    }
}
