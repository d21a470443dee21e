package io.redback.rdw;

import java.util.List;

/**
 * A setting rdw understands: its key (for builders, system properties and the configuration file), the
 * environment variables that set it (the first one set wins; they include the names the running warehouse
 * services already use), its default, and whether it is secret (then it is never printed).
 */
public record ConfigKey(String name, List<String> env, String defaultValue, boolean secret, String description) {
    public ConfigKey {
        env = List.copyOf(env);
    }

    /** "key rdw.s3.secret-key (environment AWS_SECRET_ACCESS_KEY or AWS_SECRET_KEY)": how to name it in messages. */
    public String describe() {
        return env.isEmpty() ? "key " + name : "key " + name + " (environment " + String.join(" or ", env) + ")";
    }
}
