package io.redback.rdw;

import java.util.List;
import java.util.Objects;

/**
 * A setting: its key (for builders, system properties and the configuration file), the environment variables that set
 * it (the first one set wins; they include the names the running warehouse services already use), its default, the
 * kind of value it takes, whether it is secret (then it is never printed) and what it means.
 *
 * <p>rdw-core declares its own keys in {@link RdwConfig}; every backend module declares the keys it reads in its
 * {@link io.redback.rdw.spi.Provider}, so {@code rdw config} lists them all and a misspelt key is refused.
 *
 * <pre>{@code
 * static final ConfigKey ENDPOINT = ConfigKey.of("rdw.s3.endpoint", "MinIO / S3 endpoint")
 *         .env("RDW_S3_ENDPOINT", "MINIO_ENDPOINT").type(ConfigKey.Type.URL);
 * }</pre>
 *
 * @param name         the key, {@code rdw.<area>.<name>}
 * @param env          environment variables that set it, in order of preference
 * @param defaultValue its default, or {@code null}
 * @param type         what kind of value it takes; values are checked against it when the configuration is built
 * @param visibility   whether its value may be shown
 * @param description  one line for {@code rdw config} and the README
 */
public record ConfigKey(String name, List<String> env, String defaultValue, Type type, Visibility visibility,
                        String description) {

    /** The kind of value a setting takes. */
    public enum Type {
        /** Any text. */
        TEXT,
        /** {@code true} or {@code false}. */
        FLAG,
        /** A whole number. */
        INTEGER,
        /** A port number, 1 to 65535. */
        PORT,
        /** A size: {@code 16MB}, {@code 5MiB}, {@code 1048576}; MB and MiB both mean 2^20 bytes. */
        SIZE,
        /** A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
        DURATION,
        /** An http(s) URL with a host and without credentials in it ({@code host:port} is read as http). */
        URL,
        /** Comma-separated names. */
        LIST
    }

    /** Whether a value may be shown. */
    public enum Visibility {
        PLAIN,
        /** Never printed: {@code ******} in {@code toString()}, messages and {@code rdw config}. */
        SECRET
    }

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        env = List.copyOf(env);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(description, "description");
        if (!name.matches("rdw(\\.[a-z0-9][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("a configuration key is rdw.<area>.<name> in lower case, not " + name);
        }
    }

    /** A text setting with no environment variable and no default; add them with the methods below. */
    public static ConfigKey of(String name, String description) {
        return new ConfigKey(name, List.of(), null, Type.TEXT, Visibility.PLAIN, description);
    }

    /** The same key, set also by these environment variables. */
    public ConfigKey env(String... names) {
        return new ConfigKey(name, List.of(names), defaultValue, type, visibility, description);
    }

    /** The same key with a default. */
    public ConfigKey defaultValue(String value) {
        return new ConfigKey(name, env, value, type, visibility, description);
    }

    /** The same key taking another kind of value. */
    public ConfigKey type(Type value) {
        return new ConfigKey(name, env, defaultValue, value, visibility, description);
    }

    /** The same key, secret: never printed. */
    public ConfigKey secret() {
        return new ConfigKey(name, env, defaultValue, type, Visibility.SECRET, description);
    }

    /** Whether the value is never printed. */
    public boolean isSecret() {
        return visibility == Visibility.SECRET;
    }

    /** "key rdw.s3.secret-key (environment AWS_SECRET_ACCESS_KEY or AWS_SECRET_KEY)": how to name it in messages. */
    public String describe() {
        return env.isEmpty() ? "key " + name : "key " + name + " (environment " + String.join(" or ", env) + ")";
    }

    @Override
    public String toString() {
        return name;
    }
}
