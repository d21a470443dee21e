package io.redback.rdw.internal;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the providers for one role: an explicit setting ({@code rdw.storage=s3}) wins; otherwise every provider that
 * its own settings select (an endpoint is configured); otherwise the fallback (the embedded one). When nothing fits, the
 * error says what was tried and which setting to change.
 */
public final class Selection {
    private Selection() {
    }

    /** A provider and why it was chosen. */
    public record Chosen<P extends Provider>(P provider, String reason) {
        public String name() {
            return provider.name();
        }
    }

    /** The one provider of a role ({@code rdw.storage}, {@code rdw.query}, {@code rdw.documents}). */
    public static <P extends Provider> Chosen<P> one(RdwConfig config, ConfigKey key, Class<P> type, String role) {
        List<Chosen<P>> chosen = choose(config, key, type, role);
        if (chosen.size() > 1) {
            throw new ConfigurationException("both " + describe(chosen) + " could be the " + role + "; set "
                    + key.describe() + " to one of " + chosen.stream().map(Chosen::name).toList());
        }
        if (chosen.isEmpty()) {
            throw new ConfigurationException(missing(type, role, key));
        }
        return chosen.get(0);
    }

    /** Every provider of a role that may have several ({@code rdw.provenance}, {@code rdw.scan}); may be empty. */
    public static <P extends Provider> List<Chosen<P>> many(RdwConfig config, ConfigKey key, Class<P> type, String role) {
        return choose(config, key, type, role);
    }

    private static <P extends Provider> List<Chosen<P>> choose(RdwConfig config, ConfigKey key, Class<P> type, String role) {
        List<P> installed = of(config, type);
        List<Chosen<P>> out = new ArrayList<>();
        if (config.isSet(key)) {
            String why = key.name() + " is set by " + config.origin(key).orElseThrow();
            for (String name : config.list(key)) {
                out.add(new Chosen<>(named(installed, name, key, role), why));
            }
            return out;
        }
        for (P p : installed) {
            Optional<String> why = p.selectedBy(config);
            why.ifPresent(reason -> out.add(new Chosen<>(p, reason)));
        }
        if (out.isEmpty()) {
            for (P p : installed) {
                if (p.fallback()) {
                    out.add(new Chosen<>(p, "nothing else is configured"));
                    break;
                }
            }
        }
        return out;
    }

    /** The installed provider of this name, or an error that lists the installed ones. */
    public static <P extends Provider> P named(List<P> installed, String name, ConfigKey key, String role) {
        for (P p : installed) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new ConfigurationException(key.describe() + " names " + Names.printable(name) + " as the " + role
                + ", but no " + role + " of that name is installed; installed: "
                + (installed.isEmpty() ? "none" : installed.stream().map(Provider::name).toList())
                + ". Add the rdw module that provides it, or change the setting.");
    }

    /** The name of the fallback provider of a kind among these, if there is one. */
    public static <P extends Provider> Optional<String> fallback(List<Provider> providers, Class<P> type) {
        return providers.stream().filter(type::isInstance).filter(Provider::fallback).map(Provider::name).findFirst();
    }

    /** The configuration's providers of one kind. */
    public static <P extends Provider> List<P> of(RdwConfig config, Class<P> type) {
        List<P> out = new ArrayList<>();
        for (Provider p : config.providers()) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    private static String missing(Class<?> type, String role, ConfigKey key) {
        return "no " + role + " is installed (no " + type.getSimpleName() + " on the class path): add the rdw module that "
                + "provides one (rdw-storage, rdw-query, rdw-documents), or set " + key.describe();
    }

    private static String describe(List<? extends Chosen<?>> chosen) {
        List<String> parts = new ArrayList<>();
        for (Chosen<?> c : chosen) {
            parts.add(c.name() + " (" + c.reason() + ")");
        }
        return String.join(" and ", parts);
    }
}
