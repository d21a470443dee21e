package io.redback.rdw.internal;

import io.redback.rdw.Health;
import io.redback.rdw.RdwException;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ContentScannerProvider;
import io.redback.rdw.spi.DatasetAdminProvider;
import io.redback.rdw.spi.DocumentStoreProvider;
import io.redback.rdw.spi.ObjectStoreProvider;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;
import io.redback.rdw.spi.Provider;
import io.redback.rdw.spi.QueryEngineProvider;
import io.redback.rdw.spi.SqlRuntimeProvider;
import io.redback.rdw.spi.WarehouseContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs every health check of a client, each on the client's executor with a time limit, so one server that hangs
 * cannot hold up the report: no answer in time is a {@link Health.Status#DOWN} entry, as is a backend that cannot even
 * be opened.
 */
public final class HealthChecks {
    /** The longest one check may take. */
    public static final Duration LIMIT = Duration.ofSeconds(15);

    /** The kinds of provider whose backends a client opens and checks itself. */
    private static final List<Class<? extends Provider>> OPENED = List.of(ObjectStoreProvider.class,
            QueryEngineProvider.class, ProvenanceSinkProvider.class, DocumentStoreProvider.class,
            ContentScannerProvider.class, SqlRuntimeProvider.class, DatasetAdminProvider.class);

    private HealthChecks() {
    }

    public static List<Health> run(WarehouseContext ctx, List<ContentScanner> scanners) {
        List<Future<Health>> pending = new ArrayList<>();
        List<String> names = new ArrayList<>();
        submit(ctx, pending, names, "storage", () -> ctx.objectStore().health());
        for (ProvenanceSink sink : ((ProvenanceSinks) ctx.provenance()).sinks()) {
            submit(ctx, pending, names, "provenance", sink::health);
        }
        submit(ctx, pending, names, "query", () -> ctx.queryEngine().health());
        submit(ctx, pending, names, "documents", () -> ctx.documentStore().health());
        for (ContentScanner s : scanners) {
            submit(ctx, pending, names, "scan", s::health);
        }
        if (hasAdmin(ctx)) {
            submit(ctx, pending, names, "query-admin", () -> ctx.datasetAdmin().health());
        }
        if (!Selection.of(ctx.config(), SqlRuntimeProvider.class).isEmpty()) {
            submit(ctx, pending, names, "sql-runtime", () -> ctx.sqlRuntime().health());
        }
        // services a module reaches by itself (a broker, a scheduler, a backup repository): checked alongside
        List<Future<List<Health>>> modules = new ArrayList<>();
        List<Provider> moduleProviders = new ArrayList<>();
        for (Provider p : ctx.config().providers()) {
            if (OPENED.stream().noneMatch(k -> k.isInstance(p))) {
                moduleProviders.add(p);
                modules.add(ctx.executor().submit(() -> p.health(ctx.config())));
            }
        }
        List<Health> out = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            out.add(await(pending.get(i), names.get(i)));
        }
        for (int i = 0; i < modules.size(); i++) {
            Provider p = moduleProviders.get(i);
            out.addAll(await(modules.get(i), (what, latency, why) -> List.of(Health.down(p.name(),
                    p.getClass().getSimpleName(), latency, why))));
        }
        return out;
    }

    /** Whether the chosen query engine has administrator operations (the embedded one has none). */
    private static boolean hasAdmin(WarehouseContext ctx) {
        try {
            String engine = Selection.one(ctx.config(), io.redback.rdw.RdwConfig.QUERY, QueryEngineProvider.class,
                    "query engine").name();
            return Selection.of(ctx.config(), DatasetAdminProvider.class).stream().anyMatch(p -> p.name().equals(engine));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void submit(WarehouseContext ctx, List<Future<Health>> pending, List<String> names, String component,
                               Supplier<Health> check) {
        names.add(component);
        pending.add(ctx.executor().submit(() -> {
            long start = System.nanoTime();
            try {
                return check.get().as(component);
            } catch (RuntimeException e) {
                return Health.down(component, "not opened", Duration.ofNanos(System.nanoTime() - start), message(e));
            }
        }));
    }

    private static Health await(Future<Health> f, String component) {
        return await(f, (what, latency, why) -> Health.down(component, what, latency, why));
    }

    /** What a check that gave no answer reports: what happened ("no answer", ...), after how long, and why. */
    private interface Down<T> {
        T report(String what, Duration latency, String why);
    }

    /** The check's answer, or what {@code down} makes of its failure to give one in time. */
    private static <T> T await(Future<T> f, Down<T> down) {
        try {
            return f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return down.report("no answer", LIMIT, "no answer within " + LIMIT.toSeconds()
                    + " s: is the server up and reachable from here?");
        } catch (ExecutionException e) {
            return down.report("check failed", Duration.ZERO, message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down.report("check interrupted", Duration.ZERO, "interrupted");
        }
    }

    private static String message(Throwable e) {
        return e instanceof RdwException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
