package io.redback.rdw.admin.postgres;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the warehouse's provenance table is: from the names the stack already uses ({@code POSTGRES_HOST},
 * {@code POSTGRES_PORT}, {@code POSTGRES_DB}, {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD}) or a JDBC URL.
 * The password is a {@link Secret}: it goes to the driver's properties, never into the URL, a message or a log.
 */
record PostgresSettings(String url, String user, Secret password, String table, Optional<String> adminUser,
                        Optional<Secret> adminPassword) {

    static final ConfigKey URL = ConfigKey.of("rdw.postgres.url",
            "JDBC URL of the provenance database, e.g. jdbc:postgresql://db:5432/provenance (instead of host, port and "
                    + "database)").env("RDW_POSTGRES_URL");
    static final ConfigKey HOST = ConfigKey.of("rdw.postgres.host",
            "Host of the provenance database; setting it selects the PostgreSQL provenance sink")
            .env("RDW_POSTGRES_HOST", "POSTGRES_HOST");
    static final ConfigKey PORT = ConfigKey.of("rdw.postgres.port", "Port of the provenance database")
            .env("RDW_POSTGRES_PORT", "POSTGRES_PORT").defaultValue("5432").type(ConfigKey.Type.PORT);
    static final ConfigKey DATABASE = ConfigKey.of("rdw.postgres.database", "Database that holds the provenance table")
            .env("RDW_POSTGRES_DB", "POSTGRES_DB").defaultValue("postgres");
    static final ConfigKey USER = ConfigKey.of("rdw.postgres.user", "User that writes and reads provenance")
            .env("RDW_POSTGRES_USER", "POSTGRES_USER").defaultValue("postgres");
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.postgres.password", "That user's password")
            .env("RDW_POSTGRES_PASSWORD", "POSTGRES_PASSWORD").secret();
    static final ConfigKey TABLE = ConfigKey.of("rdw.postgres.table",
            "The provenance table, as the warehouse's init script creates it").env("RDW_POSTGRES_TABLE")
            .defaultValue("provenance");
    static final ConfigKey ADMIN_USER = ConfigKey.of("rdw.postgres.admin-user",
            "User that rdw admin provenance init creates the table as (default: rdw.postgres.user)")
            .env("RDW_POSTGRES_ADMIN_USER");
    static final ConfigKey ADMIN_PASSWORD = ConfigKey.of("rdw.postgres.admin-password", "That user's password")
            .env("RDW_POSTGRES_ADMIN_PASSWORD").secret();

    static final List<ConfigKey> KEYS = List.of(URL, HOST, PORT, DATABASE, USER, PASSWORD, TABLE, ADMIN_USER, ADMIN_PASSWORD);

    static PostgresSettings from(RdwConfig config) {
        String url = config.get(URL).orElseGet(() -> "jdbc:postgresql://" + config.get(HOST).orElse("localhost") + ":"
                + config.integer(PORT) + "/" + config.require(DATABASE));
        return new PostgresSettings(url, config.require(USER), config.secret(PASSWORD).orElse(Secret.of("")),
                config.require(TABLE), config.get(ADMIN_USER), config.secret(ADMIN_PASSWORD));
    }

    static List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(URL).ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql://")) {
                problems.add(URL.describe() + " must start with jdbc:postgresql://");
            }
            if (u.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
                problems.add(URL.describe() + " must not carry the password: set " + PASSWORD.describe());
            }
        });
        if (!config.require(TABLE).matches("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?")) {
            problems.add(TABLE.describe() + " must be a plain table name, optionally schema.table");
        }
        return problems;
    }

    /** The URL without its query string, for messages: host, port and database. */
    String where() {
        int q = url.indexOf('?');
        return (q < 0 ? url : url.substring(0, q)).substring("jdbc:".length()) + " table " + table;
    }

    /** Driver properties for the writing user, or the administrator. */
    Properties properties(boolean admin) {
        Properties p = new Properties();
        p.setProperty("user", admin ? adminUser.orElse(user) : user);
        Secret pw = admin && adminUser.isPresent() ? adminPassword.orElse(Secret.of("")) : password;
        if (!pw.reveal().isEmpty()) {
            p.setProperty("password", pw.reveal());
        }
        p.setProperty("ApplicationName", "rdw");
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        p.setProperty("loginTimeout", "10");
        return p;
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + where() + ", user " + user + "]";
    }
}
