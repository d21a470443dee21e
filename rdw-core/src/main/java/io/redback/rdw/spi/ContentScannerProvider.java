package io.redback.rdw.spi;

import io.redback.rdw.RdwConfig;

/**
 * Creates a {@link ContentScanner}; chosen by {@code rdw.scan} (several may be named, comma-separated).
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck, and its scanner
 * {@code io.redback.rdw.tck.ContentScannerContract}.
 */
public interface ContentScannerProvider extends Provider {

    ContentScanner open(RdwConfig config);
}
