package io.redback.rdw.storage.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real S3 server in this JVM on loopback (S3Proxy over a folder), standing in for MinIO. It can be stopped and
 * started again on the same port and folder, as a MinIO restart would look to a client.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "rdw-test-access";
    public static final String SECRET_KEY = "rdw-test-SECRET-do-not-print-9f8e7d";

    private final Path folder;
    private S3Proxy proxy;
    private int port;

    public S3Server(Path folder) throws Exception {
        this.folder = Files.createDirectories(folder);
        start(0);
    }

    private void start(int wantedPort) throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(folder.toString()))
                .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        proxy.start();
        // a deadline only a server that will never start misses, however loaded the machine; polled, not spun on
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start within 60 s: " + proxy.getState());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
        port = proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops serving (connections are refused) until {@link #restart()}. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Serves again on the same port, with the same objects. */
    public void restart() throws Exception {
        start(port);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
