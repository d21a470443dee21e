package io.redback.rdw.documents;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.Documents;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.DocumentsProvider;
import io.redback.rdw.spi.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a client gets its documents: the collection setting, the project name, a missing module. */
class GovernedDocumentsProviderTest {
    @TempDir
    Path dir;

    private RdwConfig.Builder env(Map<String, String> env) {
        return RdwConfig.builder().noFile().systemProperties(new Properties()).environment(env)
                .warehouse(dir.resolve("warehouse"));
    }

    @Test
    void pinsOneCollectionForEveryProjectInEitherStore() {
        RdwConfig c = env(Map.of("COLLECTION_NAME", "documents")).build();
        assertThat(c.get(GovernedDocumentsProvider.COLLECTION)).contains("documents");
        assertThat(c.key("rdw.mongo.collection")).isEmpty();

        try (WarehouseClient dw = WarehouseClient.builder().config(c).build()) {
            Documents one = dw.documents("project1");
            Documents two = dw.documents("project2");
            one.insert("{\"title\": \"a\"}");
            two.insert("{\"title\": \"b\"}");

            assertThat(dw.describe().get("documents")).startsWith("embedded:");
            assertThat(one.collection()).isEqualTo("documents");
            assertThat(two.count()).isEqualTo(2);
            assertThat(one.toString()).isEqualTo("Documents[project1 in collection documents]");
            assertThatThrownBy(() -> dw.documents("../etc")).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("project");
        }
        assertThatThrownBy(() -> env(Map.of("COLLECTION_NAME", "system.users")).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("COLLECTION_NAME");
    }

    @Test
    void namesTheModuleToAddWhenNoneProvidesTheDocuments() {
        List<Provider> withoutDocuments = ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> !(p instanceof DocumentsProvider)).toList();
        RdwConfig c = env(Map.of()).providers(withoutDocuments).build();

        try (WarehouseClient dw = WarehouseClient.builder().config(c).build()) {
            assertThatThrownBy(() -> dw.documents("project1")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("rdw-documents");
        }
    }
}
