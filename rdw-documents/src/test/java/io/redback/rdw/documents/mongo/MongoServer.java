package io.redback.rdw.documents.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.net.InetSocketAddress;

/**
 * mongo-java-server in this JVM, on a free loopback port, with an in-memory backend. The backend outlives the server,
 * so that a test can stop the server (a MongoDB that goes away) and start another one on the same data.
 */
final class MongoServer implements AutoCloseable {
    static final String DATABASE = "rdwtest";

    /** Keeps its data when a server on it shuts down. */
    static final class Backend extends MemoryBackend {
        @Override
        public void close() {
            // the data stays for the next server on this backend
        }
    }

    private final Backend backend;
    private final de.bwaldvogel.mongo.MongoServer server;
    private final int port;

    MongoServer() {
        this(new Backend());
    }

    MongoServer(Backend backend) {
        this.backend = backend;
        this.server = new de.bwaldvogel.mongo.MongoServer(backend);
        InetSocketAddress address = server.bind();
        if (!address.getAddress().isLoopbackAddress()) {
            server.shutdownNow();
            throw new IllegalStateException("the test server must listen on loopback only, not " + address);
        }
        this.port = address.getPort();
    }

    Backend backend() {
        return backend;
    }

    int port() {
        return port;
    }

    /** A connection string that gives up quickly on a server that is gone. */
    String uri() {
        return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=1500&connectTimeoutMS=1500";
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
