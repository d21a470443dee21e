package io.redback.rdw.storage;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

/** The embedded provenance log in the warehouse folder: the fallback when no other sink is configured. */
public final class ProvenanceLogProvider implements ProvenanceSinkProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        return ProvenanceLog.in(config.warehouse());
    }
}
