package io.redback.rdw.spi;

import io.redback.rdw.ObjectRef;

/**
 * Looks at content on its way into the warehouse before anything is stored: rdw feeds it every byte of a write while
 * it hashes them, and stores nothing when the scan refuses. A virus scanner (clamd) plugs in here.
 */
public interface ContentScanner {

    /** Starts the scan of one write. */
    Scan begin(ObjectRef target);

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
