package io.redback.rdw.internal;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.spi.ContentScannerProvider;
import io.redback.rdw.spi.DocumentStoreProvider;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.ProvenanceSinkProvider;
import io.redback.rdw.spi.Provider;
import io.redback.rdw.spi.QueryEngineProvider;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a configuration passes when it is built: every {@code rdw.*} key is declared by someone, every value is
 * of its key's kind, the buckets are valid and distinct, a setting that chooses a backend names an installed one, and
 * each installed provider's own checks. Messages name the key and its environment variable, never a secret.
 */
public final class ConfigChecks {
    /** The settings that choose a backend, and the kind of provider each names. */
    private static final Map<ConfigKey, Class<? extends Provider>> CHOICES = Map.of(
            RdwConfig.STORAGE, ObjectStoreProvider.class, RdwConfig.QUERY, QueryEngineProvider.class,
            RdwConfig.PROVENANCE, ProvenanceSinkProvider.class, RdwConfig.DOCUMENTS, DocumentStoreProvider.class,
            RdwConfig.SCAN, ContentScannerProvider.class);

    private ConfigChecks() {
    }

    /** Core's keys, then each provider's, by name; a key declared twice must be declared the same way. */
    public static Map<String, ConfigKey> declared(List<ConfigKey> core, List<Provider> providers) {
        Map<String, ConfigKey> keys = new LinkedHashMap<>();
        Map<String, String> owner = new LinkedHashMap<>();
        core.forEach(k -> {
            keys.put(k.name(), k);
            owner.put(k.name(), "rdw-core");
        });
        for (Provider p : providers) {
            for (ConfigKey k : p.keys()) {
                ConfigKey before = keys.putIfAbsent(k.name(), k);
                if (before != null && !before.equals(k)) {
                    throw new ConfigurationException("the key " + k.name() + " is declared differently by "
                            + owner.get(k.name()) + " and by the provider " + p.name() + " (" + p.getClass().getName() + ")");
                }
                owner.putIfAbsent(k.name(), "the provider " + p.name() + " (" + p.getClass().getName() + ")");
            }
        }
        return keys;
    }

    /** Adds a problem for each name that no one declares, with the closest declared key. */
    public static void unknown(Map<String, ConfigKey> keys, Collection<String> names, String where, List<String> problems) {
        for (String name : names) {
            if (!keys.containsKey(name)) {
                String closest = closest(name, keys.keySet());
                problems.add("unknown configuration key " + Names.printable(name) + " in " + where
                        + (closest != null ? "; did you mean " + closest + "?" : "")
                        + " ('rdw config' lists every key the installed modules understand)");
            }
        }
    }

    /** Checks every value against its key's kind, the buckets, the backend choices and each provider's own rules. */
    public static void validate(RdwConfig config, List<Provider> providers) {
        List<String> problems = new ArrayList<>();
        for (ConfigKey key : config.keys()) {
            config.get(key).ifPresent(v -> checkKind(key, v, problems));
        }
        Set<String> seen = new HashSet<>();
        for (Layer layer : Layer.values()) {
            String name = config.bucket(layer);
            try {
                Names.bucket(name);
            } catch (InvalidInputException e) {
                problems.add(e.getMessage() + "; change the " + keyOf(config, layer));
                continue;
            }
            if (!seen.add(name)) {
                problems.add("bucket " + name + " is configured for two layers; each layer needs its own bucket");
            }
        }
        config.get(RdwConfig.SCAN_QUARANTINE).ifPresent(name -> {
            try {
                Names.bucket(name);
                if (!seen.add(name)) {
                    problems.add(RdwConfig.SCAN_QUARANTINE.describe() + " is " + name + ", a layer's bucket; "
                            + "quarantine needs a bucket of its own");
                }
            } catch (InvalidInputException e) {
                problems.add(e.getMessage() + "; change the " + RdwConfig.SCAN_QUARANTINE.describe());
            }
        });
        CHOICES.forEach((key, type) -> {
            List<String> installed = providers.stream().filter(type::isInstance).map(Provider::name).distinct().sorted().toList();
            if (!installed.isEmpty()) {
                for (String name : config.list(key)) {
                    if (!installed.contains(name)) {
                        problems.add(key.describe() + " is " + Names.printable(name) + ": expected "
                                + String.join(" or ", installed));
                    }
                }
            }
        });
        for (Provider p : providers) {
            problems.addAll(p.validate(config));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** What a value of this kind looks like, for messages. */
    public static String expected(ConfigKey.Type type) {
        return switch (type) {
            case TEXT, LIST -> "text";
            case FLAG -> "true or false";
            case INTEGER -> "a whole number";
            case PORT -> "a port number (1 to 65535)";
            case SIZE -> "a size such as 16MB or 2GB";
            case DURATION -> "a duration such as 30s or 2m";
            case URL -> "an http(s) URL with a host, e.g. http://127.0.0.1:9000";
        };
    }

    private static void checkKind(ConfigKey key, String v, List<String> problems) {
        String shown = key.isSecret() ? "set to a value that is not shown" : Names.printable(v);
        String bad = key.describe() + " is " + shown + ": expected " + expected(key.type());
        switch (key.type()) {
            case FLAG -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    problems.add(bad);
                }
            }
            case INTEGER -> {
                if (!v.matches("[+-]?\\d{1,9}")) {
                    problems.add(bad);
                }
            }
            case PORT -> {
                if (!v.matches("\\d{1,5}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > 65535) {
                    problems.add(bad);
                }
            }
            case SIZE -> {
                try {
                    Units.bytes(v);
                } catch (InvalidInputException e) {
                    problems.add(bad);
                }
            }
            case DURATION -> {
                try {
                    Units.duration(v);
                } catch (InvalidInputException e) {
                    problems.add(bad);
                }
            }
            case URL -> checkUrl(key, v, problems);
            case TEXT, LIST -> {
                // any text
            }
        }
    }

    /** The value is never echoed: endpoints sometimes carry credentials (http://user:pass@host). */
    private static void checkUrl(ConfigKey key, String v, List<String> problems) {
        String url = v.contains("://") ? v : "http://" + v;
        try {
            URI uri = new URI(url.strip());
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

    private static String keyOf(RdwConfig config, Layer layer) {
        return config.key("rdw.bucket." + layer.id()).map(ConfigKey::describe).orElse(layer.id());
    }

    /** The declared key nearest to a misspelt one (edit distance at most a third of its length), or null. */
    static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
