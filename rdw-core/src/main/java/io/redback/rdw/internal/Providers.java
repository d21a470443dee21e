package io.redback.rdw.internal;

import io.redback.rdw.ConfigurationException;
import io.redback.rdw.spi.Provider;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The installed providers: every {@link Provider} registered in {@code META-INF/services/io.redback.rdw.spi.Provider}
 * of the jars rdw-core's own class loader sees (the loader that sees them in JShell and notebooks too), loaded once.
 */
public final class Providers {
    private static volatile List<Provider> installed;

    private Providers() {
    }

    /** Every installed provider, in class path order. */
    public static List<Provider> installed() {
        List<Provider> p = installed;
        if (p == null) {
            synchronized (Providers.class) {
                if (installed == null) {
                    installed = load();
                }
                p = installed;
            }
        }
        return p;
    }

    /** The installed providers of one kind. */
    public static <P extends Provider> List<P> of(Class<P> type) {
        List<P> out = new ArrayList<>();
        for (Provider p : installed()) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    private static List<Provider> load() {
        List<Provider> out = new ArrayList<>();
        try {
            for (Provider p : ServiceLoader.load(Provider.class, Provider.class.getClassLoader())) {
                out.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException("an rdw module on the class path cannot be loaded: " + e.getMessage(), e);
        }
        return List.copyOf(out);
    }
}
