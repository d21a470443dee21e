package io.redback.rdw;

import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /** An object store provider that exists only by name, to choose among. */
    private record Store(String name, boolean fallback) implements ObjectStoreProvider {
        @Override
        public ObjectStore open(RdwConfig config) {
            throw new UnsupportedOperationException();
        }
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
        assertThat(c.origin(RdwConfig.BUCKET_BRONZE)).contains("builder");
    }

    @Test
    void findsTheKeysOfEveryInstalledModule() {
        // DemoProvider is registered in this module's META-INF/services/io.redback.rdw.spi.Provider
        RdwConfig c = clean().environment(Map.of("DEMO_ENDPOINT", "127.0.0.1:7000", "DEMO_PASSWORD", "pw-secret")).build();
        assertThat(c.providers()).extracting(Provider::name).contains("demo");
        assertThat(c.keys()).contains(DemoProvider.ENDPOINT, DemoProvider.PASSWORD, RdwConfig.WAREHOUSE);
        assertThat(c.get(DemoProvider.ENDPOINT)).contains("127.0.0.1:7000");
        assertThat(c.origin(DemoProvider.ENDPOINT)).contains("environment DEMO_ENDPOINT");
        assertThat(c.secret(DemoProvider.PASSWORD).map(Secret::reveal)).contains("pw-secret");
        assertThat(c.integer(DemoProvider.PORT)).isEqualTo(7000);
        assertThat(c.duration(DemoProvider.TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.bytes(DemoProvider.BUFFER)).isEqualTo(16L << 20);
        assertThat(c.toString()).doesNotContain("pw-secret").contains("rdw.demo.password=******",
                "rdw.demo.endpoint=127.0.0.1:7000");
        assertThat(c.secret(DemoProvider.PASSWORD).orElseThrow().toString()).isEqualTo("******");
    }

    @Test
    void refusesAKeyNobodyDeclaresAndSuggestsTheClosest() throws Exception {
        assertThatThrownBy(() -> clean().set("rdw.demo.endpiont", "http://x").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown configuration key 'rdw.demo.endpiont' in the builder")
                .hasMessageContaining("did you mean rdw.demo.endpoint?");
        Path file = dir.resolve("config.properties");
        Files.writeString(file, "rdw.bucket.bronz=x\n");
        assertThatThrownBy(() -> RdwConfig.builder().file(file).environment(Map.of()).systemProperties(new Properties()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.bucket.bronz").hasMessageContaining(file.toString())
                .hasMessageContaining("did you mean rdw.bucket.bronze?");
        Properties sys = new Properties();
        sys.setProperty("rdw.nothing.like.it", "1");
        sys.setProperty("rdw.config", dir.resolve("absent.properties").toString());
        assertThatThrownBy(() -> RdwConfig.builder().noFile().systemProperties(sys).environment(Map.of()).build())
                .hasMessageContaining("'rdw.nothing.like.it' in the system properties").hasMessageNotContaining("did you mean");
    }

    @Test
    void checksEveryValueAgainstItsKindWithoutEchoingSecrets() {
        assertThatThrownBy(() -> clean().set(DemoProvider.PORT, "70000").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("DEMO_PORT").hasMessageContaining("port");
        assertThatThrownBy(() -> clean().set(DemoProvider.TIMEOUT, "soon").build())
                .hasMessageContaining("rdw.demo.timeout").hasMessageContaining("a duration such as 30s");
        assertThatThrownBy(() -> clean().set(DemoProvider.BUFFER, "lots").build())
                .hasMessageContaining("rdw.demo.buffer").hasMessageContaining("a size such as 16MB");
        assertThatThrownBy(() -> clean().set(DemoProvider.FAST, "yes").build())
                .hasMessageContaining("rdw.demo.fast").hasMessageContaining("true or false");
        assertThatThrownBy(() -> clean().environment(Map.of("DEMO_ENDPOINT", "http://admin:hunter2@10.0.0.1:9047",
                "DEMO_PASSWORD", "x")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> clean().set(RdwConfig.BUCKET_BRONZE, "Bad_Bucket").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rdw.bucket.bronze");
        assertThatThrownBy(() -> clean().set(RdwConfig.BUCKET_SILVER, "dw-bucket-bronze").build())
                .hasMessageContaining("two layers");
        assertThatThrownBy(() -> clean().set(RdwConfig.SCAN_QUARANTINE, "dw-bucket-bronze").build())
                .hasMessageContaining("rdw.scan.quarantine-bucket").hasMessageContaining("a bucket of its own");
        assertThatThrownBy(() -> clean().set(RdwConfig.SCAN_QUARANTINE, "Bad_Bucket").build())
                .hasMessageContaining("rdw.scan.quarantine-bucket");
    }

    @Test
    void reportsAProvidersOwnCheckNamingTheKeyAndVariable() {
        assertThatThrownBy(() -> clean().environment(Map.of("DEMO_ENDPOINT", "http://127.0.0.1:7000")).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.demo.password").hasMessageContaining("DEMO_PASSWORD");
        assertThatThrownBy(() -> clean().build().require(DemoProvider.ENDPOINT))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("rdw.demo.endpoint").hasMessageContaining("DEMO_ENDPOINT");
    }

    @Test
    void aChoiceMustNameAnInstalledProvider() {
        List<Provider> stores = List.of(new Store("embedded", true), new Store("s3", false));
        assertThatThrownBy(() -> clean().providers(stores).set(RdwConfig.STORAGE, "ftp").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("expected embedded or s3");
        assertThat(clean().providers(stores).set(RdwConfig.STORAGE, "s3").build().get(RdwConfig.STORAGE)).contains("s3");
    }

    @Test
    void twoModulesCannotDeclareOneKeyDifferently() {
        Provider other = new Provider() {
            @Override
            public String name() {
                return "other";
            }

            @Override
            public List<ConfigKey> keys() {
                return List.of(ConfigKey.of("rdw.demo.endpoint", "something else"));
            }
        };
        assertThatThrownBy(() -> clean().providers(List.of(new DemoProvider(), other)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("rdw.demo.endpoint")
                .hasMessageContaining("declared differently");
        assertThat(clean().providers(List.of(new DemoProvider(), new DemoProvider())).build().keys())
                .contains(DemoProvider.ENDPOINT);
    }

    @Test
    void newBuilderKeepsTheValuesAndTheirSources() {
        RdwConfig c = clean().environment(Map.of("RDW_USER", "ana")).set(RdwConfig.BUCKET_GOLD, "gold-x").build();
        RdwConfig again = c.newBuilder().set(RdwConfig.BUCKET_SILVER, "silver-y").build();
        assertThat(again.user()).isEqualTo("ana");
        assertThat(again.bucket(Layer.GOLD)).isEqualTo("gold-x");
        assertThat(again.bucket(Layer.SILVER)).isEqualTo("silver-y");
        assertThat(c.bucket(Layer.SILVER)).isEqualTo("dw-bucket-silver");
    }

    @Test
    void listsAreCommaSeparatedNames() {
        RdwConfig c = clean().set(RdwConfig.PROVENANCE, " embedded , postgres,,logstash ").build();
        assertThat(c.list(RdwConfig.PROVENANCE)).containsExactly("embedded", "postgres", "logstash");
        assertThat(c.list(RdwConfig.SCAN)).isEmpty();
    }
}
