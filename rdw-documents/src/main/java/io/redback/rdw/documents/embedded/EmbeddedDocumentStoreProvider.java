package io.redback.rdw.documents.embedded;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;

/** Documents in the embedded warehouse folder ({@code rdw.warehouse}): the default when no MongoDB is configured. */
public final class EmbeddedDocumentStoreProvider implements DocumentStoreProvider {
    @Override
    public String name() {
        return "embedded";
    }

    @Override
    public boolean fallback() {
        return true;
    }

    @Override
    public DocumentStore open(RdwConfig config) {
        return new EmbeddedDocumentStore(config.warehouse());
    }
}
