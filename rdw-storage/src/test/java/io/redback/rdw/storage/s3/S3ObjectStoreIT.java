package io.redback.rdw.storage.s3;

import io.redback.rdw.Secret;
import io.redback.rdw.tck.ObjectStoreContract;
import io.redback.rdw.spi.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The object-store contract, unchanged, against a real S3 server in this JVM. */
class S3ObjectStoreIT extends ObjectStoreContract {
    @TempDir
    Path dir;
    S3Server server;

    static S3Settings settings(S3Server server) {
        return new S3Settings(URI.create(server.endpoint()), S3Server.ACCESS_KEY, Secret.of(S3Server.SECRET_KEY),
                "us-east-1", true, 5L << 20, 3, 2, Duration.ofMillis(50), Duration.ofSeconds(30));
    }

    @Override
    protected ObjectStore createStore() throws Exception {
        server = new S3Server(dir.resolve("s3"));
        return new S3ObjectStore(settings(server));
    }

    /** The server keeps a bucket as a folder: every file it holds is in one (its metadata beside them). */
    @Override
    protected void assertNothingEscaped() throws Exception {
        Path folder = dir.resolve("s3");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(folder)) {
            org.assertj.core.api.Assertions.assertThat(files.filter(java.nio.file.Files::isRegularFile)
                            .map(p -> folder.relativize(p).toString().replace('\\', '/')))
                    .allMatch(p -> p.matches("[a-z0-9][a-z0-9.-]+/.+"), "a file in a bucket's folder");
        }
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }
}
