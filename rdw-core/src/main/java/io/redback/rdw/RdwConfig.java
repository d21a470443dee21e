package io.redback.rdw;

import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.internal.ConfigChecks;
import io.redback.rdw.internal.ConfigFiles;
import io.redback.rdw.internal.Providers;
import io.redback.rdw.spi.Provider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * rdw's settings, resolved in layers: values given to the builder, then Java system properties ({@code -Drdw.warehouse=...}),
 * then environment variables (the names the running services use, such as {@code AWS_ACCESS_KEY_ID} or
 * {@code DREMIO_URL}, are understood), then the file {@code ~/.rdw/config.properties} (or the file named by
 * {@code rdw.config} / {@code RDW_CONFIG}), then defaults. The result is immutable and checked when built; secrets
 * never appear in {@link #toString()} or in any message.
 *
 * <p>rdw-core declares the keys below. Every installed module declares its own through its
 * {@link io.redback.rdw.spi.Provider} ({@code rdw.s3.*}, {@code rdw.dremio.*}, ...): {@link #keys()} lists them all,
 * and a {@code rdw.*} key that nobody declares is refused with the closest known key.
 */
public final class RdwConfig {
    public static final ConfigKey WAREHOUSE = ConfigKey.of("rdw.warehouse",
            "Folder of the embedded warehouse (default: a per-user data folder, e.g. ~/.local/share/rdw/warehouse)")
            .env("RDW_WAREHOUSE");
    public static final ConfigKey WAREHOUSE_CREATE = ConfigKey.of("rdw.warehouse.create",
            "Create the warehouse folder when it is missing; false makes a folder that is not a warehouse an error "
                    + "(commands that only read set it, so a mistyped folder is not taken for an empty warehouse)")
            .env("RDW_WAREHOUSE_CREATE").defaultValue("true").type(ConfigKey.Type.FLAG);
    public static final ConfigKey USER = ConfigKey.of("rdw.user",
            "Who is recorded in provenance (default: the operating-system user)").env("RDW_USER");
    public static final ConfigKey BUCKET_BRONZE = ConfigKey.of("rdw.bucket.bronze",
            "Bucket of the bronze layer (dw-bronze-bucket is understood as an alias)")
            .env("RDW_BUCKET_BRONZE").defaultValue("dw-bucket-bronze");
    public static final ConfigKey BUCKET_SILVER = ConfigKey.of("rdw.bucket.silver",
            "Bucket of the silver layer (dw-silver-bucket is understood as an alias)")
            .env("RDW_BUCKET_SILVER").defaultValue("dw-bucket-silver");
    public static final ConfigKey BUCKET_GOLD = ConfigKey.of("rdw.bucket.gold",
            "Bucket of the gold layer (dw-gold-bucket is understood as an alias)")
            .env("RDW_BUCKET_GOLD").defaultValue("dw-bucket-gold");
    public static final ConfigKey STORAGE = ConfigKey.of("rdw.storage",
            "Object store, by provider name (default: the one whose endpoint is configured, else the embedded one)")
            .env("RDW_STORAGE");
    public static final ConfigKey QUERY = ConfigKey.of("rdw.query",
            "Query engine, by provider name (default: the one whose server is configured, else the embedded one)")
            .env("RDW_QUERY");
    public static final ConfigKey PROVENANCE = ConfigKey.of("rdw.provenance",
            "Provenance sinks, comma-separated; each event reaches each (default: those configured, else the embedded log)")
            .env("RDW_PROVENANCE").type(ConfigKey.Type.LIST);
    public static final ConfigKey PROVENANCE_FLUSH_TIMEOUT = ConfigKey.of("rdw.provenance.flush-timeout",
            "How long closing a client waits for queued provenance events to reach remote sinks; what is left waits "
                    + "in the outbox for the next run or rdw provenance flush")
            .env("RDW_PROVENANCE_FLUSH_TIMEOUT").defaultValue("10s").type(ConfigKey.Type.DURATION);
    public static final ConfigKey DOCUMENTS = ConfigKey.of("rdw.documents",
            "Document store, by provider name (default: the one whose server is configured, else the embedded one)")
            .env("RDW_DOCUMENTS");
    public static final ConfigKey SCAN = ConfigKey.of("rdw.scan",
            "Content scanners every write passes through, comma-separated (default: those configured, else none)")
            .env("RDW_SCAN").type(ConfigKey.Type.LIST);
    public static final ConfigKey SCAN_QUARANTINE = ConfigKey.of("rdw.scan.quarantine-bucket", "Bucket that keeps a "
            + "copy of content a scanner refused for what it found, with the finding in its metadata (default: none, "
            + "refused content is not kept)").env("RDW_SCAN_QUARANTINE_BUCKET", "RDW_QUARANTINE_BUCKET");
    public static final ConfigKey QUERY_SCOPE = ConfigKey.of("rdw.query.scope",
            "Datasets queries may read, as comma-separated path prefixes with '/' between segments, "
                    + "e.g. dw-bucket-silver/project1,Project1Space (default: everything)")
            .env("RDW_QUERY_SCOPE").type(ConfigKey.Type.LIST);
    public static final ConfigKey QUERY_DENY_SYSTEM = ConfigKey.of("rdw.query.deny-system-tables",
            "Refuse queries on sys and INFORMATION_SCHEMA").env("RDW_QUERY_DENY_SYSTEM_TABLES")
            .defaultValue("false").type(ConfigKey.Type.FLAG);

    /** The keys rdw-core itself reads, in documentation order; modules add theirs through their providers. */
    public static final List<ConfigKey> CORE_KEYS = List.of(WAREHOUSE, WAREHOUSE_CREATE, USER, BUCKET_BRONZE, BUCKET_SILVER, BUCKET_GOLD,
            STORAGE, QUERY, PROVENANCE, PROVENANCE_FLUSH_TIMEOUT, DOCUMENTS, SCAN, SCAN_QUARANTINE, QUERY_SCOPE,
            QUERY_DENY_SYSTEM);

    /** The file that names another configuration file; not a setting itself. */
    private static final String CONFIG_FILE_PROPERTY = "rdw.config";

    /** A resolved value and where it came from. */
    private record Value(String value, String origin) {
    }

    private final Map<String, ConfigKey> keys;
    private final Map<String, Value> values;
    private final List<Provider> providers;
    private final Builder source;

    private RdwConfig(Map<String, ConfigKey> keys, Map<String, Value> values, List<Provider> providers, Builder source) {
        this.keys = keys;
        this.values = values;
        this.providers = providers;
        this.source = source;
    }

    /** The configuration of this process: system properties, environment, the user's file, defaults. */
    public static RdwConfig load() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this configuration's explicit values and sources, to change some and build again. */
    public Builder newBuilder() {
        return source.copy();
    }

    /**
     * The providers whose keys this configuration knows, and among which a client chooses its backends: those
     * installed on the class path, unless the builder was given others.
     */
    public List<Provider> providers() {
        return providers;
    }

    /** Every key this configuration knows: rdw-core's, then each installed module's. */
    public Collection<ConfigKey> keys() {
        return keys.values();
    }

    /** The key of this name, if rdw-core or an installed module declares it. */
    public Optional<ConfigKey> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** The value of a setting, if it is set anywhere (defaults included). */
    public Optional<String> get(ConfigKey key) {
        return Optional.ofNullable(values.get(key.name())).map(Value::value);
    }

    /** A secret setting as a {@link Secret}. */
    public Optional<Secret> secret(ConfigKey key) {
        return get(key).map(Secret::of);
    }

    /**
     * The value of a required setting.
     *
     * @throws ConfigurationException naming the key, its environment variables and the file
     */
    public String require(ConfigKey key) {
        return get(key).orElseThrow(() -> new ConfigurationException(key.name() + " is not set: set the "
                + key.describe() + ", the system property -D" + key.name() + ", or " + key.name() + "=... in "
                + userFile()));
    }

    /** Where a setting's value came from: {@code environment DREMIO_URL}, {@code default}, ... or empty if unset. */
    public Optional<String> origin(ConfigKey key) {
        return Optional.ofNullable(values.get(key.name())).map(Value::origin);
    }

    /** Whether a setting was given explicitly (anything but its default). */
    public boolean isSet(ConfigKey key) {
        return origin(key).filter(o -> !o.equals("default")).isPresent();
    }

    /** The embedded warehouse folder. */
    public Path warehouse() {
        return Path.of(require(WAREHOUSE)).toAbsolutePath().normalize();
    }

    /** The name recorded as the writer in provenance. */
    public String user() {
        return require(USER);
    }

    /** The bucket of a layer. */
    public String bucket(Layer layer) {
        return require(keyOf(layer));
    }

    /**
     * The layer a bucket name (or the guide's spelling {@code dw-bronze-bucket}, or a layer name) stands for.
     */
    public Optional<Layer> layerOf(String bucketOrLayer) {
        for (Layer layer : Layer.values()) {
            if (layer.id().equalsIgnoreCase(bucketOrLayer) || bucket(layer).equals(bucketOrLayer)
                    || ("dw-" + layer.id() + "-bucket").equals(bucketOrLayer)) {
                return Optional.of(layer);
            }
        }
        return Optional.empty();
    }

    /** A size setting in bytes ({@code 16MB}, {@code 5MiB}, {@code 1048576}); see {@link Units#bytes}. */
    public long bytes(ConfigKey key) {
        return typed(key, () -> Units.bytes(require(key)));
    }

    /** A duration setting ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}); see {@link Units#duration}. */
    public Duration duration(ConfigKey key) {
        return typed(key, () -> Units.duration(require(key)));
    }

    /** A whole-number setting. */
    public int integer(ConfigKey key) {
        return typed(key, () -> Integer.parseInt(require(key).strip()));
    }

    /** A true/false setting. */
    public boolean flag(ConfigKey key) {
        String v = require(key).strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationException(key.describe() + " is " + shown(key, v) + ": expected true or false");
        }
        return v.equals("true");
    }

    /** A comma-separated setting as its items (blank items dropped); empty when unset. */
    public List<String> list(ConfigKey key) {
        List<String> items = new ArrayList<>();
        get(key).ifPresent(v -> {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        });
        return items;
    }

    /** The value with a secret shown as {@code ******}, for display. */
    public Optional<String> display(ConfigKey key) {
        return get(key).map(v -> key.isSecret() ? "******" : v);
    }

    /** The user's configuration file, whether or not it exists. */
    public static Path userFile() {
        return Path.of(System.getProperty("user.home"), ".rdw", "config.properties");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RdwConfig{");
        boolean first = true;
        for (ConfigKey key : keys.values()) {
            if (isSet(key)) {
                b.append(first ? "" : ", ").append(key.name()).append('=').append(display(key).orElse(""));
                first = false;
            }
        }
        return b.append('}').toString();
    }

    private <T> T typed(ConfigKey key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException | NumberFormatException e) {
            throw new ConfigurationException(key.describe() + " is " + shown(key, get(key).orElse("")) + ": expected "
                    + ConfigChecks.expected(key.type()));
        }
    }

    private static String shown(ConfigKey key, String value) {
        return key.isSecret() ? "set to a value that is not shown" : Names.printable(value);
    }

    static ConfigKey keyOf(Layer layer) {
        return switch (layer) {
            case BRONZE -> BUCKET_BRONZE;
            case SILVER -> BUCKET_SILVER;
            case GOLD -> BUCKET_GOLD;
        };
    }

    /** Builds a configuration; explicit values win over every other layer. */
    public static final class Builder {
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private Map<String, String> env = System.getenv();
        private Properties system = System.getProperties();
        private Path file;
        private boolean useFile = true;
        private List<Provider> providers;
        private String origin = "builder";

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.explicit.putAll(explicit);
            b.env = env;
            b.system = system;
            b.file = file;
            b.useFile = useFile;
            b.providers = providers;
            b.origin = origin;
            return b;
        }

        /** Sets a setting explicitly. */
        public Builder set(ConfigKey key, String value) {
            explicit.put(key.name(), value);
            return this;
        }

        /** Sets a setting by its key name ({@code rdw.s3.endpoint}); an unknown name fails {@link #build()}. */
        public Builder set(String key, String value) {
            explicit.put(key, value);
            return this;
        }

        /** Uses the embedded warehouse in this folder. */
        public Builder warehouse(Path folder) {
            return set(WAREHOUSE, folder.toAbsolutePath().toString());
        }

        /** Replaces the process environment (for tests and embedding). */
        public Builder environment(Map<String, String> environment) {
            this.env = Map.copyOf(environment);
            return this;
        }

        /** Replaces the system properties layer (for tests and embedding). */
        public Builder systemProperties(Properties properties) {
            this.system = properties;
            return this;
        }

        /** Reads this file instead of {@code ~/.rdw/config.properties}. */
        public Builder file(Path properties) {
            this.file = properties;
            this.useFile = true;
            return this;
        }

        /** Reads no configuration file. */
        public Builder noFile() {
            this.useFile = false;
            return this;
        }

        /** How {@code rdw config} names where this builder's values came from: {@code builder} by default. */
        public Builder origin(String label) {
            this.origin = java.util.Objects.requireNonNull(label);
            return this;
        }

        /** Declares the keys of these providers instead of the installed ones (for tests of a provider). */
        public Builder providers(List<? extends Provider> value) {
            this.providers = List.copyOf(value);
            return this;
        }

        /**
         * @throws ConfigurationException when a value is malformed, a setting needs another that is missing, or a
         *                                {@code rdw.*} key is not declared by rdw-core or an installed module
         */
        public RdwConfig build() {
            List<Provider> installed = providers != null ? providers : Providers.installed();
            Map<String, ConfigKey> keys = ConfigChecks.declared(CORE_KEYS, installed);
            List<String> problems = new ArrayList<>();
            Path configFile = ConfigFiles.toRead(file, system.getProperty(CONFIG_FILE_PROPERTY, env.get("RDW_CONFIG")), userFile());
            String fileName = configFile.toString();
            Map<String, String> fileValues = useFile ? ConfigFiles.read(configFile, userFile()) : Map.of();
            ConfigChecks.unknown(keys, explicit.keySet(), "the builder", problems);
            ConfigChecks.unknown(keys, fileValues.keySet(), "configuration file " + fileName, problems);
            List<String> sysKeys = new ArrayList<>();
            for (String name : system.stringPropertyNames()) {
                if (name.startsWith("rdw.") && !name.equals(CONFIG_FILE_PROPERTY)) {
                    sysKeys.add(name);
                }
            }
            ConfigChecks.unknown(keys, sysKeys, "the system properties", problems);
            if (!problems.isEmpty()) {
                throw new ConfigurationException(String.join("; ", problems));
            }
            Map<String, Value> resolved = new LinkedHashMap<>();
            for (ConfigKey key : keys.values()) {
                Value v = pick(key, fileValues, fileName);
                if (v != null) {
                    resolved.put(key.name(), v);
                }
            }
            resolved.putIfAbsent(WAREHOUSE.name(), new Value(ConfigFiles.defaultWarehouse(env), "default"));
            resolved.putIfAbsent(USER.name(), new Value(System.getProperty("user.name", "unknown"), "default"));
            RdwConfig config = new RdwConfig(java.util.Collections.unmodifiableMap(keys), resolved, List.copyOf(installed), copy());
            ConfigChecks.validate(config, installed);
            return config;
        }

        private Value pick(ConfigKey key, Map<String, String> fileValues, String fileName) {
            String v = explicit.get(key.name());
            if (present(v)) {
                return new Value(v.strip(), origin);
            }
            v = system.getProperty(key.name());
            if (present(v)) {
                return new Value(v.strip(), "system property " + key.name());
            }
            for (String name : key.env()) {
                v = env.get(name);
                if (present(v)) {
                    return new Value(v.strip(), "environment " + name);
                }
            }
            v = fileValues.get(key.name());
            if (present(v)) {
                return new Value(v.strip(), "file " + fileName);
            }
            return key.defaultValue() == null ? null : new Value(key.defaultValue(), "default");
        }

        private static boolean present(String v) {
            return v != null && !v.isBlank();
        }
    }
}
