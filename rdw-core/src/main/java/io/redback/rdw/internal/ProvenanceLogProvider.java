package io.redback.rdw.internal;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

/** The embedded provenance log, in the warehouse folder. */
public final class ProvenanceLogProvider implements ProvenanceSinkProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        return ProvenanceLog.in(config.warehouse());
    }
}
