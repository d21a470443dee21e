package io.redback.rdw.storage.mongo;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;

/** MongoDB, chosen by {@code rdw.documents=mongo} or by a connection string ({@code MONGO_URI}). */
public final class MongoDocumentStoreProvider implements DocumentStoreProvider {
    @Override
    public String name() {
        return "mongo";
    }

    @Override
    public DocumentStore open(RdwConfig config) {
        return MongoDocumentStore.open(config);
    }
}
