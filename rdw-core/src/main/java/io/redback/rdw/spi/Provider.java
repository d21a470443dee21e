package io.redback.rdw.spi;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;

import java.util.List;
import java.util.Optional;

/**
 * What every backend module registers: a provider found with {@link java.util.ServiceLoader} (list its class in
 * {@code META-INF/services/io.redback.rdw.spi.Provider}). A provider has a short name that selects it
 * ({@code rdw.storage=s3}), declares the settings it reads and checks them, and says when it should be chosen without
 * being named. What it provides comes from the sub-interface it implements ({@link ObjectStoreProvider},
 * {@link QueryEngineProvider}, {@link ProvenanceSinkProvider}, ...); a module with settings but no backend of rdw-core's
 * (a stream client, say) registers a plain {@code Provider} so that its keys are known.
 *
 * <p>Providers are created once per class loader and must be stateless: opening a backend is the sub-interface's
 * {@code open} method.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck.
 */
public interface Provider {

    /** The value of the selecting setting that chooses this provider: {@code embedded}, {@code s3}, {@code dremio}. */
    String name();

    /** The settings it reads, so that {@code rdw config} lists them and a misspelt key is refused. */
    default List<ConfigKey> keys() {
        return List.of();
    }

    /**
     * Checks its settings beyond the kind of value each takes (ranges, settings that need each other), whether or
     * not it is chosen. Each problem names the key and its environment variable and never shows a secret.
     *
     * @return the problems found, empty if none
     */
    default List<String> validate(RdwConfig config) {
        return List.of();
    }

    /**
     * Why this provider should be chosen when the selecting setting is not set, e.g. "rdw.s3.endpoint is set by
     * environment MINIO_ENDPOINT"; empty when it should not. A fallback provider (the embedded one) answers
     * {@link #fallback()} instead.
     */
    default Optional<String> selectedBy(RdwConfig config) {
        return Optional.empty();
    }

    /** Whether this provider is chosen when nothing selects another: the embedded one. */
    default boolean fallback() {
        return false;
    }

    /**
     * Health checks of services this module reaches by itself (a stream broker, a backup repository), for
     * {@link io.redback.rdw.WarehouseClient#health()} and {@code rdw doctor}. Backends a client opens (object store,
     * query engine, ...) report through their own {@code health()} instead; their providers leave this empty.
     */
    default List<io.redback.rdw.Health> health(RdwConfig config) {
        return List.of();
    }
}
