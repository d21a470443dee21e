package io.redback.rdw.spi;

import io.redback.rdw.Health;
import io.redback.rdw.ObjectRef;

/**
 * Looks at content on its way into the warehouse before anything is stored: rdw feeds it every byte of a write while
 * it hashes them, and stores nothing when the scan refuses. A virus scanner (clamd) plugs in here. Chosen by
 * {@code rdw.scan} through a {@link ContentScannerProvider}, or given to the client's builder.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ContentScannerContract} from rdw-tck.
 */
public interface ContentScanner extends AutoCloseable {

    /** Starts the scan of one write. */
    Scan begin(ObjectRef target);

    /** What scans, without credentials. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default Health health() {
        return Health.unknown("scan", describe());
    }

    @Override
    default void close() {
    }

    /** One write's scan. */
    interface Scan {
        void update(byte[] bytes, int offset, int length);

        /**
         * Ends the scan.
         *
         * @throws io.redback.rdw.ForbiddenException to refuse the content, naming what was found; preferably a
         *         {@link io.redback.rdw.ContentRejectedException}, which names the signature found. The writer stores
         *         nothing and records one {@code file:rejected} provenance event with the message as the reason.
         */
        void finish();

        /**
         * After {@link #finish()} returned normally: why the content was <em>not</em> scanned although it may be
         * stored, or empty when it was scanned and passed. A scanner that cannot be asked and is configured to let
         * content through then (fail open) says so here; the writer stores the content and records a
         * {@code scan:skipped} provenance event with this reason. The default: always scanned.
         */
        default java.util.Optional<String> skipped() {
            return java.util.Optional.empty();
        }
    }
}
