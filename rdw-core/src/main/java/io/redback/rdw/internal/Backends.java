package io.redback.rdw.internal;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Chooses backends: an explicit setting ({@code rdw.storage=s3}) wins; otherwise the configuration decides
 * (an endpoint selects the real service, none the embedded default). Providers are found with ServiceLoader on
 * rdw's own class loader, which is the one that sees them in JShell and notebooks.
 */
public final class Backends {
    private Backends() {
    }

    /** The backend name a setting asks for, and why. */
    public record Choice(String name, String reason) {
    }

    /**
     * @param typeKey   the setting that names the backend ({@code rdw.storage})
     * @param remoteKey the setting whose presence selects {@code remote} ({@code rdw.s3.endpoint})
     */
    public static Choice choose(RdwConfig config, ConfigKey typeKey, ConfigKey remoteKey, String remote) {
        if (config.isSet(typeKey)) {
            return new Choice(config.require(typeKey), typeKey.name() + " is set by " + config.origin(typeKey).orElseThrow());
        }
        if (remoteKey != null && config.get(remoteKey).isPresent()) {
            return new Choice(remote, remoteKey.name() + " is set by " + config.origin(remoteKey).orElseThrow());
        }
        return new Choice("embedded", "no endpoint is configured");
    }

    /** The provider of the chosen name, or an error that says what was found and which setting to change. */
    public static <P> P provider(Class<P> type, Function<P, String> nameOf, Choice choice, ConfigKey typeKey) {
        List<String> found = new ArrayList<>();
        for (P p : ServiceLoader.load(type, type.getClassLoader())) {
            String name = nameOf.apply(p);
            if (name.equals(choice.name())) {
                return p;
            }
            found.add(name);
        }
        throw new ConfigurationException(typeKey.name() + " resolves to '" + choice.name() + "' (" + choice.reason()
                + ") but no " + type.getSimpleName() + " named '" + choice.name() + "' is on the classpath; found "
                + (found.isEmpty() ? "none" : found) + ". Add the rdw module that provides it"
                + (found.contains("embedded") ? ", or set " + typeKey.name() + "=embedded" : "") + ".");
    }

    /** The first service of a type, or {@code null}. */
    public static <S> S first(Class<S> type) {
        for (S s : ServiceLoader.load(type, type.getClassLoader())) {
            return s;
        }
        return null;
    }
}
