package io.redback.rdw.admin.clamd;

import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.helpers.Failures;
import io.redback.rdw.spi.ContentScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One upload's scan: the bytes stream to clamd's {@code zINSTREAM} as they come, in chunks of at most 64 KiB (the
 * only copy held is that one chunk), and clamd's answer decides at {@link #finish()}.
 */
final class ClamdScan implements ContentScanner.Scan {
    static final int CHUNK = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ClamdScan.class);
    private static final String SIZE_LIMIT = "size limit exceeded";

    private final ClamdSettings settings;
    private final ObjectRef target;
    private final byte[] buffer = new byte[CHUNK];
    private int buffered;
    private long total;
    private ClamdConnection connection;
    /** Why clamd could not be asked, once it could not. */
    private IOException failure;
    private String skipped;
    /** Whether clamd took the INSTREAM command, so that a later failure happened during the scan. */
    private boolean connected;
    /** clamd's answer, when it gave one before the end (e.g. the size limit) or at the end. */
    private String answer;

    ClamdScan(ClamdSettings settings, ObjectRef target, ScheduledExecutorService watchdog) {
        this.settings = settings;
        this.target = target;
        try {
            connection = ClamdConnection.open(settings, watchdog);
            connection.command("INSTREAM");
            connected = true;
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
        total += length;
        if (connection == null || total > settings.maxStream()) {
            return;
        }
        while (length > 0 && connection != null) {
            int n = Math.min(length, CHUNK - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            buffered += n;
            offset += n;
            length -= n;
            if (buffered == CHUNK) {
                send();
            }
        }
    }

    private void send() {
        try {
            connection.chunk(buffer, 0, buffered);
            buffered = 0;
        } catch (IOException e) {
            answerAfterFailure();
            fail(e);
        }
    }

    @Override
    public void finish() {
        if (total > settings.maxStream()) {
            close();
            throw new ContentRejectedException(tooLarge(settings.maxStream() + " bytes, rdw.clamd.max-stream"), (Throwable) null);
        }
        if (connection != null && buffered > 0) {
            send();
        }
        if (connection != null) {
            try {
                connection.chunk(buffer, 0, 0);
                answer = connection.answer();
            } catch (IOException e) {
                answerAfterFailure();
                fail(e);
            }
        }
        close();
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
                : settings.where() + (connected ? " became unreachable during the scan (" : " is unreachable (")
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
        if (connection != null && answer == null) {
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

    private void fail(IOException e) {
        if (failure == null) {
            failure = e;
        }
        close();
    }

    private void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public Optional<String> skipped() {
        return Optional.ofNullable(skipped);
    }
}
