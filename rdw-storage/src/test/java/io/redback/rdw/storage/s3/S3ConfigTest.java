package io.redback.rdw.storage.s3;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 provider's settings: the names the running services use, its own checks, and when it is chosen. */
class S3ConfigTest {
    private static RdwConfig.Builder env(Map<String, String> env) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(env);
    }

    @Test
    void understandsTheServicesEnvironmentNames() {
        RdwConfig c = env(Map.of("MINIO_ENDPOINT", "127.0.0.1:9000", "AWS_ACCESS_KEY", "ak",
                "AWS_SECRET_KEY", "sk-very-secret")).build();
        assertThat(c.get(S3ObjectStoreProvider.ENDPOINT)).contains("127.0.0.1:9000");
        assertThat(c.get(S3ObjectStoreProvider.ACCESS_KEY)).contains("ak");
        assertThat(c.secret(S3ObjectStoreProvider.SECRET_KEY).map(Secret::reveal)).contains("sk-very-secret");
        assertThat(c.toString()).doesNotContain("sk-very-secret").contains("rdw.s3.secret-key=******");
        assertThat(S3Settings.endpoint(c)).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(new S3ObjectStoreProvider().selectedBy(c)).contains("rdw.s3.endpoint is set by environment MINIO_ENDPOINT");
        assertThat(S3Settings.from(c).toString()).doesNotContain("sk-very-secret");
    }

    @Test
    void namesTheKeyAndTheVariableOfAMissingSetting() {
        assertThatThrownBy(() -> env(Map.of("MINIO_ENDPOINT", "http://127.0.0.1:9000", "AWS_ACCESS_KEY_ID", "ak")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.s3.secret-key").hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void checksItsRanges() {
        assertThatThrownBy(() -> env(Map.of("RDW_S3_PART_SIZE", "1MB")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("between 5MB and 5GB");
        assertThatThrownBy(() -> env(Map.of("RDW_S3_PARALLEL_PARTS", "0")).build())
                .hasMessageContaining("rdw.s3.parallel-parts").hasMessageContaining("between 1 and 64");
        assertThatThrownBy(() -> env(Map.of("RDW_S3_TIMEOUT", "forever")).build())
                .hasMessageContaining("RDW_S3_TIMEOUT").hasMessageContaining("a duration");
        assertThatThrownBy(() -> env(Map.of("RDW_STORAGE", "ftp")).build())
                .hasMessageContaining("expected embedded or s3");
        assertThatThrownBy(() -> env(Map.of("RDW_S3_ABANDONED_AFTER", "10m")).build())
                .hasMessageContaining("rdw.s3.abandoned-after").hasMessageContaining("RDW_S3_ABANDONED_AFTER")
                .hasMessageContaining("at least 1h");
    }

    @Test
    void abortsUploadsADayOldUnlessConfigured() {
        RdwConfig defaults = env(Map.of("MINIO_ENDPOINT", "127.0.0.1:9000", "AWS_ACCESS_KEY", "ak", "AWS_SECRET_KEY", "sk"))
                .build();
        RdwConfig twoDays = env(Map.of("MINIO_ENDPOINT", "127.0.0.1:9000", "AWS_ACCESS_KEY", "ak", "AWS_SECRET_KEY", "sk",
                "RDW_S3_ABANDONED_AFTER", "2d")).build();

        assertThat(S3Settings.from(defaults).abandonedAfter()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(S3Settings.from(twoDays).abandonedAfter()).isEqualTo(java.time.Duration.ofDays(2));
    }
}
