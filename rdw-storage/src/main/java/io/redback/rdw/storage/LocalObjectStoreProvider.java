package io.redback.rdw.storage;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;

/** The embedded folder store, in {@code rdw.warehouse}. */
public final class LocalObjectStoreProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public ObjectStore open(RdwConfig config) {
        return new LocalObjectStore(config.warehouse());
    }
}
