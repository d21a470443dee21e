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

    /**
     * A connection string for a server that is up: it waits up to 30 s for the server, so a slow first connection on a
     * loaded machine is not taken for a server that is gone.
     */
    String uri() {
        return uri(port, LIVE_TIMEOUT_MS);
    }

    /**
     * A connection string that gives up on an unreachable server after a second, for a test that expects a server to be
     * gone. The driver waits that long for every server it has not seen yet, so a client that must first reach the
     * live server waits until it is connected ({@link #awaitConnected}) before the server goes.
     */
    String impatientUri() {
        return uri(port, GONE_TIMEOUT_MS);
    }

    static final int LIVE_TIMEOUT_MS = 30_000;
    static final int GONE_TIMEOUT_MS = 1_000;

    static String uri(int port, int serverSelectionTimeoutMs) {
        return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=" + serverSelectionTimeoutMs;
    }

    /**
     * Calls {@code attempt} until it succeeds, for up to a minute: a client with a short server selection timeout
     * connects (and stays connected) before a test takes its server away. Fails with the last error after a minute.
     */
    static void awaitConnected(Runnable attempt) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (true) {
            try {
                attempt.run();
                return;
            } catch (RuntimeException | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the MongoDB test server did not answer within a minute", e);
                }
            }
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
