package io.redback.rdw.documents.mongo;

import io.redback.rdw.tck.DocumentStoreContract;
import io.redback.rdw.spi.DocumentStore;
import org.junit.jupiter.api.AfterEach;

/** The documents contract, unchanged, against a MongoDB wire-protocol server in this JVM. */
class MongoDocumentStoreIT extends DocumentStoreContract {
    MongoServer server;

    @Override
    protected DocumentStore createStore() {
        server = new MongoServer();
        return new MongoDocumentStore(server.uri(), MongoServer.DATABASE);
    }

    @AfterEach
    void stopServer() {
        client.close(); // before the server, so that the server has no connections left to drop
        server.close();
    }
}
