package io.redback.rdw.admin.clamd;

import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.helpers.Failures;
import io.redback.rdw.spi.ContentScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One upload's scan: the bytes stream to clamd's {@code zINSTREAM} as they come, in chunks of 64 KiB, and clamd's
 * answer decides at {@link #finish()}. A thread of the scanner's sends the chunks while the caller goes on reading and
 * hashing, so the two overlap instead of adding up; at most {@link #QUEUE} chunks wait (memory stays flat in the file's
 * size), and a caller faster than clamd waits for it.
 */
final class ClamdScan implements ContentScanner.Scan {
    static final int CHUNK = 64 * 1024;
    /** Chunks in flight between the caller and the sending thread: 1 MiB. */
    static final int QUEUE = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ClamdScan.class);
    private static final String SIZE_LIMIT = "size limit exceeded";
    /** Ends the stream: clamd is asked for its answer. */
    private static final byte[] END = new byte[0];
    /** Stops sending without asking clamd (the content is refused before clamd's answer matters). */
    private static final byte[] ABANDON = new byte[0];

    private record Chunk(byte[] bytes, int length) {
    }

    private final ClamdSettings settings;
    private final ObjectRef target;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(QUEUE + 1);
    private byte[] buffer;
    private int buffered;
    private long total;
    /**
     * Open from the start to the end of the scan, closed by either thread (which ends the other's step); null when
     * clamd did not take the INSTREAM command, so a failure with a connection happened during the scan.
     */
    private final ClamdConnection connection;
    private Future<?> sender;
    /** Why clamd could not be asked, once it could not; set by either thread. */
    private volatile IOException failure;
    private String skipped;
    /** clamd's answer, when it gave one before the end (e.g. the size limit) or at the end; set by the sender. */
    private volatile String answer;

    ClamdScan(ClamdSettings settings, ObjectRef target, ScheduledExecutorService watchdog, ExecutorService senders) {
        this.settings = settings;
        this.target = target;
        ClamdConnection opened = null;
        IOException refused = null;
        try {
            opened = ClamdConnection.open(settings, watchdog);
            opened.command("INSTREAM");
        } catch (IOException e) {
            if (opened != null) {
                opened.close();
            }
            refused = e;
        }
        connection = refused == null ? opened : null;
        if (refused != null) {
            failure = refused;
            return;
        }
        for (int i = 0; i < QUEUE; i++) {
            free.add(new byte[CHUNK]);
        }
        try {
            sender = senders.submit(this::send);
        } catch (RejectedExecutionException e) {
            fail(new IOException("the scanner is closed", e));
        }
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        total += length;
        if (sender == null || total > settings.maxStream()) {
            return;
        }
        while (length > 0 && failure == null) {
            if (buffer == null) {
                buffer = take();
                if (buffer == null) {
                    return;
                }
            }
            int n = Math.min(length, CHUNK - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
            if (buffered == CHUNK) {
                hand(new Chunk(buffer, buffered));
                buffer = null;
                buffered = 0;
            }
        }
    }

    /** A free buffer, waiting for the sender to return one; null when interrupted (then the scan has failed). */
    private byte[] take() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new java.io.InterruptedIOException("interrupted while waiting for clamd"));
            return null;
        }
    }

    private void hand(Chunk chunk) {
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new java.io.InterruptedIOException("interrupted while waiting for clamd"));
        }
    }

    /**
     * The sending thread: writes each chunk and gives its buffer back; after a failure it only gives buffers back,
     * so the caller never waits for a sender that stopped. A caller that never finishes is given up after the timeout.
     */
    private void send() {
        try {
            while (true) {
                Chunk chunk = full.poll(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    fail(new IOException("the upload stopped sending for " + settings.timeout().toSeconds() + " s"));
                    return;
                }
                if (chunk.bytes() == ABANDON) {
                    return;
                }
                if (failure == null) {
                    try {
                        connection.chunk(chunk.bytes(), 0, chunk.length());
                        if (chunk.bytes() == END) {
                            answer = connection.answer();
                            return;
                        }
                    } catch (IOException e) {
                        answerAfterFailure();
                        fail(e);
                    }
                }
                if (chunk.bytes() == END) {
                    return;
                }
                free.add(chunk.bytes());
            }
        } catch (InterruptedException e) {
            fail(new java.io.InterruptedIOException("the scanner was closed during the scan"));
        } finally {
            close();
        }
    }

    /** Waits for the sender to end, after handing it the last chunk and {@code end}. */
    private void drain(byte[] end) {
        if (sender == null) {
            return;
        }
        if (buffered > 0 && end == END) {
            hand(new Chunk(buffer, buffered));
        }
        hand(new Chunk(end, 0));
        try {
            sender.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.cancel(true);
            fail(new java.io.InterruptedIOException("interrupted while waiting for clamd's answer"));
        } catch (java.util.concurrent.ExecutionException e) {
            fail(new IOException("the scan failed: " + e.getCause(), e.getCause()));
        }
    }

    @Override
    public void finish() {
        if (total > settings.maxStream()) {
            drain(ABANDON);
            throw new ContentRejectedException(tooLarge(settings.maxStream() + " bytes, rdw.clamd.max-stream"), (Throwable) null);
        }
        drain(END);
        String answer = this.answer;
        if (answer != null && answer.isEmpty()) {
            answer = null;
        }
        if (answer != null && answer.contains(SIZE_LIMIT)) {
            throw new ContentRejectedException(tooLarge("clamd's StreamMaxLength"), (Throwable) null);
        }
        if (answer != null && answer.endsWith(" FOUND")) {
            String signature = answer.substring(answer.indexOf(':') + 1, answer.length() - " FOUND".length()).trim();
            throw new ContentRejectedException("clamd found " + signature + " in the upload to " + target.layer().id() + " "
                    + target.key() + "; the upload was refused and nothing was stored in " + target.layer().id(), signature);
        }
        if (answer != null && answer.endsWith(" OK")) {
            return;
        }
        String why = answer != null ? "clamd could not scan it: " + answer
                : settings.where() + (connection != null ? " became unreachable during the scan (" : " is unreachable (")
                + Failures.unreachable(failure, settings.timeout()) + ")";
        if (settings.onUnavailable() == ClamdSettings.OnUnavailable.STORE) {
            skipped = why + "; stored unscanned because rdw.clamd.on-unavailable=store";
            LOG.warn("Upload to {} {} not scanned: {}", target.layer(), target.key(), skipped);
            return;
        }
        throw new ContentRejectedException(why + "; the upload to " + target.layer().id() + " " + target.key()
                + " was refused (rdw.clamd.on-unavailable=refuse)", failure);
    }

    /** After a failed write, clamd may still have said why it stopped reading (e.g. the size limit). */
    private void answerAfterFailure() {
        if (answer == null) {
            try {
                answer = connection.answer();
            } catch (IOException e) {
                // clamd is gone without a word: the failure says why
            }
        }
    }

    private String tooLarge(String limit) {
        return "the upload to " + target.layer().id() + " " + target.key() + " (" + total + " bytes) is larger than what "
                + settings.where() + " scans (" + limit + "; raise rdw.clamd.max-stream together with clamd's "
                + "StreamMaxLength in clamd.conf); the upload was refused and nothing was stored";
    }

    private synchronized void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        close();
    }

    private void close() {
        if (connection != null) {
            connection.close();
        }
    }

    @Override
    public Optional<String> skipped() {
        return Optional.ofNullable(skipped);
    }
}
