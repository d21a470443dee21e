package io.redback.rdw.admin.postgres;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.tck.ProvenanceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;

/** The provenance-store contract on the warehouse's table in a real PostgreSQL, created with the store's own DDL. */
class PostgresProvenanceStoreTest extends ProvenanceStoreContract {
    static TestPostgres pg;
    private String database;

    @BeforeAll
    static void startServer() {
        pg = new TestPostgres();
    }

    @AfterAll
    static void stopServer() throws Exception {
        pg.close();
    }

    static RdwConfig config(String url) {
        return RdwConfig.builder().environment(java.util.Map.of()).systemProperties(new java.util.Properties()).noFile()
                .set(PostgresSettings.URL, url).set(PostgresSettings.USER, "postgres").build();
    }

    @Override
    protected ProvenanceSink createSink() throws Exception {
        database = pg.newDatabase();
        try (Connection c = pg.connect(database)) {
            ProvenanceTable.create(c, "provenance");
        }
        return reopen();
    }

    @Override
    protected ProvenanceSink reopen() {
        return new PostgresProvenanceProvider().open(config(pg.jdbcUrl(database)));
    }
}
