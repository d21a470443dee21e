package io.redback.rdw.storage;

import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;

/**
 * The embedded folder store in {@code rdw.warehouse}: the fallback when no other store is configured. Its layer buckets
 * are folders, made when it opens.
 */
public final class LocalObjectStoreProvider implements ObjectStoreProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public ObjectStore open(RdwConfig config) {
        LocalObjectStore store = new LocalObjectStore(config.warehouse());
        for (Layer layer : Layer.values()) {
            store.createBucket(config.bucket(layer));
        }
        return store;
    }
}
