package io.redback.rdw.documents.mongo;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.DocumentStore;
import io.redback.rdw.spi.DocumentStoreProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** MongoDB, chosen by {@code rdw.documents=mongo} or by a connection string ({@code MONGO_URI}). */
public final class MongoDocumentStoreProvider implements DocumentStoreProvider {
    static final ConfigKey URI = ConfigKey.of("rdw.mongo.uri", "MongoDB connection string (secret: it may carry a "
            + "password); add serverSelectionTimeoutMS to change the 10 s wait for an unreachable server")
            .env("MONGO_URI").secret();
    static final ConfigKey DATABASE = ConfigKey.of("rdw.mongo.database",
            "MongoDB database (default: the connection string's)").env("DB_NAME");

    @Override
    public String name() {
        return "mongo";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(URI, DATABASE);
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        // the connection string is never echoed: it may carry a password
        config.get(URI).ifPresent(v -> {
            if (!v.startsWith("mongodb://") && !v.startsWith("mongodb+srv://")) {
                problems.add(URI.describe() + " is not a MongoDB connection string: expected mongodb://host:port/"
                        + " or mongodb+srv://host/");
            }
        });
        if (config.list(RdwConfig.DOCUMENTS).contains(name()) && config.get(URI).isEmpty()) {
            problems.add(RdwConfig.DOCUMENTS.describe() + " is mongo but " + URI.describe() + " is not set");
        }
        return problems;
    }

    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.origin(URI).map(origin -> URI.name() + " is set by " + origin);
    }

    @Override
    public DocumentStore open(RdwConfig config) {
        return MongoDocumentStore.open(config);
    }
}
