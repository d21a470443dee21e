package io.redback.rdw.tables;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;

import java.util.List;
import java.util.Optional;

/** Where the shared warehouse's Nessie catalog is: {@code NESSIE_URI} (its REST API v2), the branch, a token. */
final class NessieSettings {
    static final ConfigKey URI = ConfigKey.of("rdw.nessie.uri",
            "Nessie's REST API v2 for versioned tables, e.g. http://nessie:19120/api/v2; unset: the embedded catalog "
                    + "in the warehouse folder").env("NESSIE_URI");
    static final ConfigKey REF = ConfigKey.of("rdw.nessie.ref", "The Nessie branch whose tables rdw reads and commits to")
            .env("NESSIE_REF").defaultValue("main");
    static final ConfigKey TOKEN = ConfigKey.of("rdw.nessie.token", "A bearer token for Nessie, when it asks for one")
            .env("NESSIE_AUTH_TOKEN").secret();
    static final List<ConfigKey> KEYS = List.of(URI, REF, TOKEN);

    private NessieSettings() {
    }

    static Optional<java.net.URI> uri(RdwConfig config) {
        return config.get(URI).map(String::strip).filter(s -> !s.isEmpty()).map(java.net.URI::create);
    }

    static String ref(RdwConfig config) {
        return config.get(REF).orElse("main");
    }

    static Optional<Secret> token(RdwConfig config) {
        return config.secret(TOKEN).filter(t -> !t.reveal().isEmpty());
    }
}
