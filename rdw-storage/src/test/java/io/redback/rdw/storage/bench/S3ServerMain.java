package io.redback.rdw.storage.bench;

import io.redback.rdw.storage.s3.S3Server;

import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the in-JVM S3 server in its own process for the benchmark: {@code S3ServerMain FOLDER PORT_FILE}. */
public final class S3ServerMain {
    private S3ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        S3Server server = new S3Server(Path.of(args[0]));
        Files.writeString(Path.of(args[1]), Integer.toString(server.port()));
        Thread.currentThread().join(); // until the benchmark kills this process
    }
}
