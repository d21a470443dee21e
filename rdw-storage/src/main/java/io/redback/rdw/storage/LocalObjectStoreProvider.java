package io.redback.rdw.storage;

import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;

import java.nio.file.Files;
import java.nio.file.Path;

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
        Path folder = config.warehouse();
        if (!config.flag(RdwConfig.WAREHOUSE_CREATE) && !Files.isDirectory(folder.resolve(".rdw"))) {
            throw new NotFoundException(folder + (Files.isDirectory(folder) ? " is not an rdw warehouse (it has no .rdw "
                    + "folder)" : " does not exist") + ": check --warehouse or " + RdwConfig.WAREHOUSE.describe()
                    + ", or make a warehouse there with 'rdw init' (or 'rdw quickstart')");
        }
        LocalObjectStore store = new LocalObjectStore(folder);
        for (Layer layer : Layer.values()) {
            store.createBucket(config.bucket(layer));
        }
        return store;
    }
}
