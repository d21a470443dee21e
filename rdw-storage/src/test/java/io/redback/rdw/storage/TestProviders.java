package io.redback.rdw.storage;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ContentRejectedException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ContentScannerProvider;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Providers a module would register, installed here through this module's test
 * {@code META-INF/services/io.redback.rdw.spi.Provider}: chosen by configuration like any other.
 */
final class TestProviders {
    /** Every event the "recording" sinks received, across clients. */
    static final List<ProvenanceEvent> RECORDED = new CopyOnWriteArrayList<>();

    private TestProviders() {
    }

    /** A second provenance sink that keeps what it gets. */
    public static final class Recording implements ProvenanceSinkProvider {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public ProvenanceSink open(RdwConfig config) {
            return new ProvenanceSink() {
                @Override
                public String describe() {
                    return "recording";
                }

                @Override
                public void record(ProvenanceEvent event) {
                    RECORDED.add(event);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A sink whose store is down. */
    public static final class Failing implements ProvenanceSinkProvider {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public ProvenanceSink open(RdwConfig config) {
            return new ProvenanceSink() {
                @Override
                public String describe() {
                    return "failing";
                }

                @Override
                public void record(ProvenanceEvent event) {
                    throw new BackendUnavailableException("the test store is down");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** A scanner that refuses content containing a marker, as a virus scanner refuses a signature. */
    public static final class Marker implements ContentScannerProvider {
        static final String MARKER = "X5O-TEST-MARKER";
        /** What a refusal names. */
        static final String FINDING = "Test.Marker";

        @Override
        public String name() {
            return "marker";
        }

        @Override
        public ContentScanner open(RdwConfig config) {
            return new Scanner();
        }

        /** The scanner, also run on its own by {@link MarkerScannerContractTest}. */
        static final class Scanner implements ContentScanner {
            @Override
            public Scan begin(ObjectRef target) {
                StringBuilder seen = new StringBuilder();
                return new Scan() {
                    @Override
                    public void update(byte[] bytes, int offset, int length) {
                        seen.append(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
                    }

                    @Override
                    public void finish() {
                        if (seen.indexOf(MARKER) >= 0) {
                            throw new ContentRejectedException(target + " is infected: " + FINDING + " FOUND", FINDING);
                        }
                    }
                };
            }

            @Override
            public String describe() {
                return "marker scanner";
            }
        }
    }
}
