package io.redback.rdw;

import io.redback.rdw.helpers.Names;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * rdw's settings, resolved in layers: values given to the builder, then Java system properties ({@code -Drdw.warehouse=...}),
 * then environment variables (the names the running services use, such as {@code AWS_ACCESS_KEY_ID} or
 * {@code DREMIO_URL}, are understood), then the file {@code ~/.rdw/config.properties} (or the file named by
 * {@code rdw.config} / {@code RDW_CONFIG}), then defaults. The result is immutable and validated when built;
 * secrets never appear in {@link #toString()} or in any message.
 */
public final class RdwConfig {
    public static final ConfigKey WAREHOUSE = new ConfigKey("rdw.warehouse", List.of("RDW_WAREHOUSE"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Folder of the embedded warehouse (default: a per-user data folder, e.g. ~/.local/share/rdw/warehouse)");
    public static final ConfigKey USER = new ConfigKey("rdw.user", List.of("RDW_USER"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Who is recorded in provenance (default: the operating-system user)");
    public static final ConfigKey BUCKET_BRONZE = new ConfigKey("rdw.bucket.bronze", List.of("RDW_BUCKET_BRONZE"),
            "dw-bucket-bronze", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Bucket of the bronze layer (dw-bronze-bucket is understood as an alias)");
    public static final ConfigKey BUCKET_SILVER = new ConfigKey("rdw.bucket.silver", List.of("RDW_BUCKET_SILVER"),
            "dw-bucket-silver", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Bucket of the silver layer (dw-silver-bucket is understood as an alias)");
    public static final ConfigKey BUCKET_GOLD = new ConfigKey("rdw.bucket.gold", List.of("RDW_BUCKET_GOLD"),
            "dw-bucket-gold", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Bucket of the gold layer (dw-gold-bucket is understood as an alias)");
    public static final ConfigKey STORAGE = new ConfigKey("rdw.storage", List.of("RDW_STORAGE"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Object store backend: embedded or s3 (default: s3 when an endpoint is set, else embedded)");
    public static final ConfigKey S3_ENDPOINT = new ConfigKey("rdw.s3.endpoint", List.of("RDW_S3_ENDPOINT", "MINIO_ENDPOINT"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "MinIO / S3 endpoint URL, e.g. http://127.0.0.1:9000");
    public static final ConfigKey S3_ACCESS_KEY = new ConfigKey("rdw.s3.access-key",
            List.of("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "BRONZE_ACCESS_KEY"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "S3 access key");
    public static final ConfigKey S3_SECRET_KEY = new ConfigKey("rdw.s3.secret-key",
            List.of("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "BRONZE_SECRET_KEY"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET, "S3 secret key");
    public static final ConfigKey S3_REGION = new ConfigKey("rdw.s3.region",
            List.of("RDW_S3_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"), "us-east-1", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "S3 region");
    public static final ConfigKey S3_TLS = new ConfigKey("rdw.s3.tls", List.of("RDW_S3_TLS"), "false", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Use https when the endpoint is given without a scheme (host:port); the warehouse's MinIO runs without TLS");
    public static final ConfigKey S3_PATH_STYLE = new ConfigKey("rdw.s3.path-style", List.of("RDW_S3_PATH_STYLE"), "true", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Address buckets as http://host/bucket (MinIO) rather than http://bucket.host");
    public static final ConfigKey S3_PART_SIZE = new ConfigKey("rdw.s3.part-size", List.of("RDW_S3_PART_SIZE"), "16MB", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Size of each part of a multipart upload (5MB to 5GB); larger files are sent in parts");
    public static final ConfigKey S3_PARALLEL_PARTS = new ConfigKey("rdw.s3.parallel-parts",
            List.of("RDW_S3_PARALLEL_PARTS"), "4", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Parts sent at once; memory used is about this times the part size");
    public static final ConfigKey S3_RETRIES = new ConfigKey("rdw.s3.retries", List.of("RDW_S3_RETRIES"), "4", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Retries of a request that failed for a transient reason (unreachable, timeout, 5xx), with growing pauses");
    public static final ConfigKey S3_TIMEOUT = new ConfigKey("rdw.s3.timeout", List.of("RDW_S3_TIMEOUT"), "60s", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Connect, read and write timeout of each S3 request, e.g. 30s, 2m");
    public static final ConfigKey QUERY = new ConfigKey("rdw.query", List.of("RDW_QUERY"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Query engine: embedded or dremio (default: dremio when DREMIO_URL is set, else embedded)");
    public static final ConfigKey DREMIO_URL = new ConfigKey("rdw.dremio.url", List.of("DREMIO_URL"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Dremio REST URL, e.g. http://127.0.0.1:9047");
    public static final ConfigKey DREMIO_USERNAME = new ConfigKey("rdw.dremio.username", List.of("DREMIO_USERNAME"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Dremio user");
    public static final ConfigKey DREMIO_PASSWORD = new ConfigKey("rdw.dremio.password", List.of("DREMIO_PASSWORD"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET, "Dremio password");
    public static final ConfigKey DREMIO_TOKEN = new ConfigKey("rdw.dremio.token", List.of("DREMIO_TOKEN", "DREMIO_PAT"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET, "Dremio personal access token (instead of user and password)");
    public static final ConfigKey DREMIO_TRANSPORT = new ConfigKey("rdw.dremio.transport", List.of("RDW_DREMIO_TRANSPORT"),
            "flight", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "How queries reach Dremio: flight (Arrow Flight SQL, streaming) or rest (REST v3, paged)");
    public static final ConfigKey DREMIO_FLIGHT_HOST = new ConfigKey("rdw.dremio.flight-host",
            List.of("DREMIO_FLIGHT_HOST"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Arrow Flight host (default: the host of DREMIO_URL)");
    public static final ConfigKey DREMIO_FLIGHT_PORT = new ConfigKey("rdw.dremio.flight-port",
            List.of("DREMIO_FLIGHT_PORT"), "32010", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Arrow Flight port");
    public static final ConfigKey DREMIO_TLS = new ConfigKey("rdw.dremio.tls", List.of("DREMIO_TLS"), "false", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "TLS on the Flight connection (off on the warehouse)");
    public static final ConfigKey DREMIO_TIMEOUT = new ConfigKey("rdw.dremio.timeout", List.of("DREMIO_TIMEOUT"), "5m", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Longest a query may run before it is cancelled, e.g. 90s, 10m");
    public static final ConfigKey DREMIO_ADMIN_USERNAME = new ConfigKey("rdw.dremio.admin-username",
            List.of("DREMIO_ADMIN_USERNAME"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Dremio administrator, for registering datasets and views");
    public static final ConfigKey DREMIO_ADMIN_PASSWORD = new ConfigKey("rdw.dremio.admin-password",
            List.of("DREMIO_ADMIN_PASSWORD"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET, "Dremio administrator's password");
    public static final ConfigKey QUERY_SCOPE = new ConfigKey("rdw.query.scope", List.of("RDW_QUERY_SCOPE"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Datasets queries may read, as comma-separated path prefixes with '/' between segments, "
                    + "e.g. dw-bucket-silver/project1,Project1Space (default: everything)");
    public static final ConfigKey QUERY_DENY_SYSTEM = new ConfigKey("rdw.query.deny-system-tables",
            List.of("RDW_QUERY_DENY_SYSTEM_TABLES"), "false", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Refuse queries on sys and INFORMATION_SCHEMA");
    public static final ConfigKey DREMIO_SOURCE = new ConfigKey("rdw.dremio.source", List.of("DREMIO_SOURCE"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Dremio source the buckets are reached through, if queries name it first");
    public static final ConfigKey PROVENANCE = new ConfigKey("rdw.provenance", List.of("RDW_PROVENANCE"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Provenance store: embedded (default) or postgres");
    public static final ConfigKey POSTGRES_HOST = new ConfigKey("rdw.postgres.host", List.of("POSTGRES_HOST"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Provenance PostgreSQL host");
    public static final ConfigKey POSTGRES_PORT = new ConfigKey("rdw.postgres.port", List.of("POSTGRES_PORT"), "5432", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Provenance PostgreSQL port");
    public static final ConfigKey POSTGRES_DB = new ConfigKey("rdw.postgres.database", List.of("POSTGRES_DB"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Provenance PostgreSQL database");
    public static final ConfigKey POSTGRES_USER = new ConfigKey("rdw.postgres.user", List.of("POSTGRES_USER"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Provenance PostgreSQL user");
    public static final ConfigKey POSTGRES_PASSWORD = new ConfigKey("rdw.postgres.password", List.of("POSTGRES_PASSWORD"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET, "Provenance PostgreSQL password");
    public static final ConfigKey DOCUMENTS = new ConfigKey("rdw.documents", List.of("RDW_DOCUMENTS"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Document store: embedded or mongo (default: mongo when MONGO_URI is set, else embedded)");
    public static final ConfigKey MONGO_URI = new ConfigKey("rdw.mongo.uri", List.of("MONGO_URI"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.SECRET,
            "MongoDB connection string (secret: it may carry a password)");
    public static final ConfigKey MONGO_DATABASE = new ConfigKey("rdw.mongo.database", List.of("DB_NAME"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "MongoDB database");
    public static final ConfigKey MONGO_COLLECTION = new ConfigKey("rdw.mongo.collection", List.of("COLLECTION_NAME"),
            null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Collection for every project's documents (default: one collection per project, named after it)");
    public static final ConfigKey MEMORY_LIMIT = new ConfigKey("rdw.embedded.memory-limit", List.of("RDW_MEMORY_LIMIT"),
            "512MB", ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN, "Memory the embedded SQL engine may use before it spills to disk, e.g. 256MB, 2GB");
    public static final ConfigKey THREADS = new ConfigKey("rdw.embedded.threads", List.of("RDW_THREADS"), null, ConfigKey.Type.TEXT, ConfigKey.Visibility.PLAIN,
            "Threads of the embedded SQL engine (default: the number of processors)");

    /** Every setting rdw understands, in documentation order. */
    public static final List<ConfigKey> KEYS = List.of(WAREHOUSE, USER, BUCKET_BRONZE, BUCKET_SILVER, BUCKET_GOLD,
            STORAGE, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, S3_TLS, S3_PATH_STYLE, S3_PART_SIZE,
            S3_PARALLEL_PARTS, S3_RETRIES, S3_TIMEOUT, QUERY, DREMIO_URL, DREMIO_USERNAME, DREMIO_PASSWORD,
            DREMIO_TOKEN, DREMIO_TRANSPORT, DREMIO_FLIGHT_HOST, DREMIO_FLIGHT_PORT, DREMIO_TLS, DREMIO_TIMEOUT,
            DREMIO_ADMIN_USERNAME, DREMIO_ADMIN_PASSWORD, DREMIO_SOURCE, QUERY_SCOPE, QUERY_DENY_SYSTEM, PROVENANCE, POSTGRES_HOST, POSTGRES_PORT, POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD,
            DOCUMENTS, MONGO_URI, MONGO_DATABASE, MONGO_COLLECTION, MEMORY_LIMIT, THREADS);

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** A collection name that is also a safe folder name: no '$', no '.', so never a system collection. */
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern MEMORY = Pattern.compile("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)|\\d{1,2}%");
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");
    private static final Pattern DURATION = Pattern.compile("(?i)(\\d+)\\s*(ms|s|m|h)");

    /** A resolved value and where it came from. */
    private record Value(String value, String origin) {
    }

    private final Map<String, Value> values;

    private RdwConfig(Map<String, Value> values) {
        this.values = Map.copyOf(values);
    }

    /** The configuration of this process: system properties, environment, the user's file, defaults. */
    public static RdwConfig load() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value of a setting, if it is set anywhere (defaults included). */
    public Optional<String> get(ConfigKey key) {
        Value v = values.get(key.name());
        return Optional.ofNullable(v).map(Value::value);
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
        return require(switch (layer) {
            case BRONZE -> BUCKET_BRONZE;
            case SILVER -> BUCKET_SILVER;
            case GOLD -> BUCKET_GOLD;
        });
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

    /** A size setting in bytes ({@code 16MB}, {@code 5MiB}, {@code 1048576}); MB and MiB both mean 2^20 bytes. */
    public long bytes(ConfigKey key) {
        String v = require(key).strip();
        java.util.regex.Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new ConfigurationException(key.describe() + " is " + Names.printable(v) + ": expected a size such as 16MB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
        return n << switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
    }

    /** A duration setting ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}). */
    public java.time.Duration duration(ConfigKey key) {
        String v = require(key).strip();
        java.util.regex.Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new ConfigurationException(key.describe() + " is " + Names.printable(v) + ": expected a duration such as 30s or 2m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> java.time.Duration.ofMillis(n);
            case "s" -> java.time.Duration.ofSeconds(n);
            case "m" -> java.time.Duration.ofMinutes(n);
            default -> java.time.Duration.ofHours(n);
        };
    }

    /** A whole-number setting. */
    public int integer(ConfigKey key) {
        String v = require(key).strip();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigurationException(key.describe() + " is " + Names.printable(v) + ": expected a whole number");
        }
    }

    /** A true/false setting. */
    public boolean flag(ConfigKey key) {
        String v = require(key).strip().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigurationException(key.describe() + " is " + Names.printable(v) + ": expected true or false");
        }
        return v.equals("true");
    }

    /**
     * The S3 endpoint as a URL: {@code host:port} (as MINIO_ENDPOINT is often written) gets http, or https when
     * {@code rdw.s3.tls} is true.
     */
    public Optional<URI> s3Endpoint() {
        return get(S3_ENDPOINT).map(v -> {
            String url = v.contains("://") ? v : (flag(S3_TLS) ? "https://" : "http://") + v;
            return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        });
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
        for (ConfigKey key : KEYS) {
            if (isSet(key)) {
                b.append(first ? "" : ", ").append(key.name()).append('=').append(display(key).orElse(""));
                first = false;
            }
        }
        return b.append('}').toString();
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Layer layer : Layer.values()) {
            String name = bucket(layer);
            if (!BUCKET.matcher(name).matches() || name.contains("..")) {
                problems.add("bucket " + Names.printable(name) + " of " + layer.id() + " (" + keyOf(layer).describe()
                        + ") is not a valid bucket name: 3-63 lower-case letters, digits, '.' and '-'");
            } else if (!seen.add(name)) {
                problems.add("bucket " + name + " is configured for two layers; each layer needs its own bucket");
            }
        }
        get(STORAGE).ifPresent(v -> {
            if (!v.equals("embedded") && !v.equals("s3")) {
                problems.add(STORAGE.describe() + " is " + Names.printable(v) + ": expected embedded or s3");
            }
        });
        get(QUERY).ifPresent(v -> {
            if (!v.equals("embedded") && !v.equals("dremio")) {
                problems.add(QUERY.describe() + " is " + Names.printable(v) + ": expected embedded or dremio");
            }
        });
        get(PROVENANCE).ifPresent(v -> {
            if (!v.equals("embedded") && !v.equals("postgres")) {
                problems.add(PROVENANCE.describe() + " is " + Names.printable(v) + ": expected embedded or postgres");
            }
        });
        get(DOCUMENTS).ifPresent(v -> {
            if (!v.equals("embedded") && !v.equals("mongo")) {
                problems.add(DOCUMENTS.describe() + " is " + Names.printable(v) + ": expected embedded or mongo");
            } else if (v.equals("mongo") && get(MONGO_URI).isEmpty()) {
                problems.add(DOCUMENTS.describe() + " is mongo but " + MONGO_URI.describe() + " is not set");
            }
        });
        get(MONGO_URI).ifPresent(v -> {
            // never echoed: the connection string may carry a password
            if (!v.startsWith("mongodb://") && !v.startsWith("mongodb+srv://")) {
                problems.add(MONGO_URI.describe() + " is not a MongoDB connection string: expected mongodb://host:port/"
                        + " or mongodb+srv://host/");
            }
        });
        get(MONGO_COLLECTION).ifPresent(v -> {
            if (!COLLECTION.matcher(v).matches()) {
                problems.add(MONGO_COLLECTION.describe() + " is " + Names.printable(v)
                        + ": expected 1 to 64 letters, digits, '_' and '-', starting with a letter or digit");
            }
        });
        get(S3_ENDPOINT).ifPresent(v -> {
            checkUrl(S3_ENDPOINT, v.contains("://") ? v : "http://" + v, problems);
            for (ConfigKey k : List.of(S3_ACCESS_KEY, S3_SECRET_KEY)) {
                if (get(k).isEmpty()) {
                    problems.add(k.name() + " is not set but " + S3_ENDPOINT.name() + " is: set the " + k.describe());
                }
            }
        });
        get(DREMIO_URL).ifPresent(v -> {
            checkUrl(DREMIO_URL, v, problems);
            if (get(DREMIO_TOKEN).isEmpty() && (get(DREMIO_USERNAME).isEmpty() || get(DREMIO_PASSWORD).isEmpty())) {
                problems.add("Dremio needs credentials: set " + DREMIO_USERNAME.describe() + " and "
                        + DREMIO_PASSWORD.describe() + ", or " + DREMIO_TOKEN.describe());
            }
        });
        get(DREMIO_TRANSPORT).ifPresent(v -> {
            if (!v.equals("flight") && !v.equals("rest")) {
                problems.add(DREMIO_TRANSPORT.describe() + " is " + Names.printable(v) + ": expected flight or rest");
            }
        });
        checkValue(problems, () -> flag(DREMIO_TLS));
        checkValue(problems, () -> flag(QUERY_DENY_SYSTEM));
        checkValue(problems, () -> duration(DREMIO_TIMEOUT));
        checkValue(problems, () -> {
            int port = integer(DREMIO_FLIGHT_PORT);
            if (port < 1 || port > 65535) {
                throw new ConfigurationException(DREMIO_FLIGHT_PORT.describe() + " is not a port number");
            }
        });
        get(MEMORY_LIMIT).ifPresent(v -> {
            if (!MEMORY.matcher(v.strip()).matches()) {
                problems.add(MEMORY_LIMIT.describe() + " is " + Names.printable(v) + ": expected a size such as 512MB or 2GB");
            }
        });
        get(THREADS).ifPresent(v -> {
            try {
                if (Integer.parseInt(v.strip()) < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                problems.add(THREADS.describe() + " is " + Names.printable(v) + ": expected a whole number of at least 1");
            }
        });
        checkValue(problems, () -> {
            long part = bytes(S3_PART_SIZE);
            if (part < (5L << 20) || part > (5L << 30)) {
                throw new ConfigurationException(S3_PART_SIZE.describe() + " must be between 5MB and 5GB (S3's limits)");
            }
        });
        checkValue(problems, () -> {
            int n = integer(S3_PARALLEL_PARTS);
            if (n < 1 || n > 64) {
                throw new ConfigurationException(S3_PARALLEL_PARTS.describe() + " must be between 1 and 64");
            }
        });
        checkValue(problems, () -> {
            int n = integer(S3_RETRIES);
            if (n < 0 || n > 20) {
                throw new ConfigurationException(S3_RETRIES.describe() + " must be between 0 and 20");
            }
        });
        checkValue(problems, () -> duration(S3_TIMEOUT));
        checkValue(problems, () -> flag(S3_TLS));
        checkValue(problems, () -> flag(S3_PATH_STYLE));
        get(POSTGRES_PORT).ifPresent(v -> {
            if (!v.strip().matches("\\d{1,5}")) {
                problems.add(POSTGRES_PORT.describe() + " is " + Names.printable(v) + ": expected a port number");
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration: " + String.join("; ", problems));
        }
    }

    private static void checkValue(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (ConfigurationException e) {
            problems.add(e.getMessage());
        }
    }

    private void checkUrl(ConfigKey key, String v, List<String> problems) {
        // The value is not echoed: endpoints sometimes carry credentials (http://user:pass@host).
        try {
            URI uri = new URI(v.strip());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                problems.add(key.describe() + " is not an http(s) URL with a host, e.g. http://127.0.0.1:9000");
            } else if (uri.getUserInfo() != null) {
                problems.add(key.describe() + " carries credentials in the URL; give them in their own settings");
            }
        } catch (Exception e) {
            problems.add(key.describe() + " is not a valid URL");
        }
    }

    private static ConfigKey keyOf(Layer layer) {
        return switch (layer) {
            case BRONZE -> BUCKET_BRONZE;
            case SILVER -> BUCKET_SILVER;
            case GOLD -> BUCKET_GOLD;
        };
    }

    private static ConfigKey known(String name, String where) {
        for (ConfigKey key : KEYS) {
            if (key.name().equals(name)) {
                return key;
            }
        }
        throw new ConfigurationException("unknown configuration key " + Names.printable(name) + " in " + where
                + "; known keys: " + KEYS.stream().map(ConfigKey::name).toList());
    }

    /** The per-user data folder of the embedded warehouse, following each platform's convention. */
    static String defaultWarehouse(Map<String, String> env) {
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path base;
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            base = local != null ? Path.of(local) : Path.of(home, "AppData", "Local");
        } else if (os.contains("mac")) {
            base = Path.of(home, "Library", "Application Support");
        } else {
            String xdg = env.get("XDG_DATA_HOME");
            base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        }
        return base.resolve("rdw").resolve("warehouse").toString();
    }

    /** Builds a configuration; explicit values win over every other layer. */
    public static final class Builder {
        private final Map<String, String> explicit = new LinkedHashMap<>();
        private Map<String, String> env = System.getenv();
        private Properties system = System.getProperties();
        private Path file;
        private boolean useFile = true;

        private Builder() {
        }

        /** Sets a setting explicitly. */
        public Builder set(ConfigKey key, String value) {
            explicit.put(key.name(), value);
            return this;
        }

        /** Sets a setting by its key name ({@code rdw.s3.endpoint}). */
        public Builder set(String key, String value) {
            explicit.put(known(key, "the builder").name(), value);
            return this;
        }

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

        /**
         * @throws ConfigurationException when a value is malformed, a required companion setting is missing or the
         *                                file has an unknown key
         */
        public RdwConfig build() {
            Map<String, Value> resolved = new LinkedHashMap<>();
            Map<String, String> fileValues = useFile ? readFile() : Map.of();
            String fileName = fileToRead().map(Path::toString).orElse("");
            for (ConfigKey key : KEYS) {
                Value v = pick(key, fileValues, fileName);
                if (v != null) {
                    resolved.put(key.name(), v);
                }
            }
            if (!resolved.containsKey(WAREHOUSE.name())) {
                resolved.put(WAREHOUSE.name(), new Value(defaultWarehouse(env), "default"));
            }
            if (!resolved.containsKey(USER.name())) {
                resolved.put(USER.name(), new Value(System.getProperty("user.name", "unknown"), "default"));
            }
            RdwConfig config = new RdwConfig(resolved);
            config.validate();
            return config;
        }

        private Value pick(ConfigKey key, Map<String, String> fileValues, String fileName) {
            String v = explicit.get(key.name());
            if (present(v)) {
                return new Value(v.strip(), "builder");
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

        private Optional<Path> fileToRead() {
            if (file != null) {
                return Optional.of(file);
            }
            String named = system.getProperty("rdw.config", env.get("RDW_CONFIG"));
            return Optional.of(named != null && !named.isBlank() ? Path.of(named) : userFile());
        }

        private Map<String, String> readFile() {
            Optional<Path> path = fileToRead();
            if (path.isEmpty() || !Files.isRegularFile(path.get())) {
                if (!path.orElseThrow().equals(userFile())) {
                    // a file that was named explicitly must be there; only the default one is optional
                    throw new ConfigurationException("configuration file " + path.get() + " does not exist");
                }
                return Map.of();
            }
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(path.get(), StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigurationException("cannot read configuration file " + path.get() + ": " + e.getMessage());
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (String name : props.stringPropertyNames()) {
                map.put(known(name, "configuration file " + path.get()).name(), props.getProperty(name));
            }
            return map;
        }
    }
}
