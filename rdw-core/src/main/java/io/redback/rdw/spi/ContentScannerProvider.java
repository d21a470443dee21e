package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/** Creates a {@link ContentScanner}; chosen by {@code rdw.scan} (several may be named, comma-separated). */
public interface ContentScannerProvider extends Provider {

    ContentScanner open(RdwConfig config);
}
