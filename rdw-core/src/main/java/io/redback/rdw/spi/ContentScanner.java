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
         * @throws io.redback.rdw.ForbiddenException to refuse the content, naming what was found
         */
        void finish();
    }
}
