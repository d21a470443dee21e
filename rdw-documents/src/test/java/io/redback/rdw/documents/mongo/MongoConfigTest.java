package io.redback.rdw.documents.mongo;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MongoDB provider's settings, checked without ever showing the connection string. */
class MongoConfigTest {
    private static RdwConfig.Builder env(Map<String, String> env) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(env);
    }

    @Test
    void checksTheDocumentSettingsWithoutShowingTheUri() {
        RdwConfig c = env(Map.of("MONGO_URI", "mongodb://u:pw-in-uri@127.0.0.1:27017/", "DB_NAME", "docs")).build();
        assertThat(c.get(MongoDocumentStoreProvider.DATABASE)).contains("docs");
        assertThat(c.toString()).doesNotContain("pw-in-uri");
        assertThat(new MongoDocumentStoreProvider().selectedBy(c)).contains("rdw.mongo.uri is set by environment MONGO_URI");
        assertThatThrownBy(() -> env(Map.of("RDW_DOCUMENTS", "couch")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected embedded or mongo");
        assertThatThrownBy(() -> env(Map.of("RDW_DOCUMENTS", "mongo")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("MONGO_URI) is not set");
        assertThatThrownBy(() -> env(Map.of("MONGO_URI", "http://u:pw-in-uri@host/")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a MongoDB connection string")
                .hasMessageNotContaining("pw-in-uri");
    }
}
