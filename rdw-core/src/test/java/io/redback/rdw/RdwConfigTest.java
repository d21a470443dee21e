package io.redback.rdw;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdwConfigTest {
    @TempDir
    Path dir;

    private RdwConfig.Builder clean() {
        return RdwConfig.builder().noFile().environment(Map.of()).systemProperties(new Properties());
    }

    @Test
    void defaultsFollowTheRunningServices() {
        RdwConfig c = clean().build();
        assertThat(c.bucket(Layer.BRONZE)).isEqualTo("dw-bucket-bronze");
        assertThat(c.bucket(Layer.SILVER)).isEqualTo("dw-bucket-silver");
        assertThat(c.bucket(Layer.GOLD)).isEqualTo("dw-bucket-gold");
        assertThat(c.warehouse().toString()).contains("rdw");
        assertThat(c.layerOf("dw-bronze-bucket")).contains(Layer.BRONZE);
        assertThat(c.layerOf("dw-bucket-silver")).contains(Layer.SILVER);
        assertThat(c.layerOf("Gold")).contains(Layer.GOLD);
        assertThat(c.layerOf("dw-bucket-metadata")).isEmpty();
    }

    @Test
    void layersWinInOrder() throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "rdw.bucket.bronze=from-file\nrdw.bucket.silver=silver-file\nrdw.bucket.gold=gold-file\n");
        Properties sys = new Properties();
        sys.setProperty("rdw.bucket.silver", "silver-sys");
        RdwConfig c = RdwConfig.builder().file(file).systemProperties(sys)
                .environment(Map.of("RDW_BUCKET_GOLD", "gold-env", "RDW_BUCKET_SILVER", "silver-env"))
                .set(RdwConfig.BUCKET_BRONZE, "bronze-builder").build();
        assertThat(c.bucket(Layer.BRONZE)).isEqualTo("bronze-builder");
        assertThat(c.bucket(Layer.SILVER)).isEqualTo("silver-sys");
        assertThat(c.bucket(Layer.GOLD)).isEqualTo("gold-env");
        assertThat(c.origin(RdwConfig.BUCKET_GOLD)).contains("environment RDW_BUCKET_GOLD");
        assertThat(c.origin(RdwConfig.BUCKET_SILVER)).contains("system property rdw.bucket.silver");
    }

    @Test
    void understandsTheServicesEnvironmentNames() {
        RdwConfig c = clean().environment(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:9000", "AWS_ACCESS_KEY", "ak",
                "AWS_SECRET_KEY", "sk-very-secret", "DREMIO_URL", "http://127.0.0.1:9047", "DREMIO_USERNAME", "ana", "DREMIO_PASSWORD", "pw-secret",
                "MONGO_URI", "mongodb://u:mongo-secret@127.0.0.1/", "DB_NAME", "docs")).build();
        assertThat(c.get(RdwConfig.S3_ENDPOINT)).contains("http://127.0.0.1:9000");
        assertThat(c.get(RdwConfig.S3_ACCESS_KEY)).contains("ak");
        assertThat(c.secret(RdwConfig.S3_SECRET_KEY).map(Secret::reveal)).contains("sk-very-secret");
        assertThat(c.get(RdwConfig.MONGO_DATABASE)).contains("docs");
        assertThat(c.toString()).doesNotContain("sk-very-secret", "pw-secret", "mongo-secret")
                .contains("rdw.s3.secret-key=******", "rdw.dremio.url=http://127.0.0.1:9047");
        assertThat(c.secret(RdwConfig.S3_SECRET_KEY).orElseThrow().toString()).isEqualTo("******");
    }

    @Test
    void namesTheKeyAndTheVariableOfAMissingSetting() {
        assertThatThrownBy(() -> clean().environment(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "ak")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.s3.secret-key")
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> clean().build().require(RdwConfig.DREMIO_URL))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.dremio.url").hasMessageContaining("DREMIO_URL");
    }

    @Test
    void refusesMalformedValuesWithoutEchoingSecrets() {
        assertThatThrownBy(() -> clean().set(RdwConfig.BUCKET_BRONZE, "Bad_Bucket").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rdw.bucket.bronze");
        assertThatThrownBy(() -> clean().set(RdwConfig.BUCKET_SILVER, "dw-bucket-bronze").build())
                .hasMessageContaining("two layers");
        assertThatThrownBy(() -> clean().set(RdwConfig.THREADS, "zero").build())
                .hasMessageContaining("RDW_THREADS");
        assertThatThrownBy(() -> clean().set(RdwConfig.MEMORY_LIMIT, "lots").build())
                .hasMessageContaining("rdw.embedded.memory-limit");
        assertThatThrownBy(() -> clean().set(RdwConfig.STORAGE, "ftp").build())
                .hasMessageContaining("expected embedded or s3");
        assertThatThrownBy(() -> clean().environment(Map.of("DREMIO_URL", "http://admin:hunter2@10.0.0.1:9047")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesUnknownKeysInTheFile() throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "rdw.s3.endpiont=http://x\n");
        assertThatThrownBy(() -> RdwConfig.builder().file(file).environment(Map.of()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.s3.endpiont").hasMessageContaining(file.toString());
    }

    @Test
    void checksTheDocumentSettingsWithoutShowingTheUri() {
        RdwConfig c = clean().environment(Map.of("MONGO_URI", "mongodb://u:pw-in-uri@127.0.0.1:27017/", "DB_NAME", "docs",
                "COLLECTION_NAME", "documents")).build();
        assertThat(c.get(RdwConfig.MONGO_COLLECTION)).contains("documents");
        assertThat(RdwConfig.KEYS).contains(RdwConfig.DOCUMENTS);
        assertThatThrownBy(() -> clean().environment(Map.of("RDW_DOCUMENTS", "couch")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected embedded or mongo");
        assertThatThrownBy(() -> clean().environment(Map.of("RDW_DOCUMENTS", "mongo")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("MONGO_URI) is not set");
        assertThatThrownBy(() -> clean().environment(Map.of("MONGO_URI", "http://u:pw-in-uri@host/")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not a MongoDB connection string")
                .hasMessageNotContaining("pw-in-uri");
        assertThatThrownBy(() -> clean().environment(Map.of("COLLECTION_NAME", "system.users")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("COLLECTION_NAME");
    }
}
