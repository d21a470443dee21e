package io.redback.rdw.admin.clamd;

import io.redback.rdw.Health;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.helpers.Failures;
import io.redback.rdw.spi.ContentScanner;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Scans every upload with clamd, the ClamAV daemon, over TCP or its unix socket: the bytes stream to clamd's
 * {@code zINSTREAM} while rdw hashes them; a signature found refuses the upload naming it. When clamd cannot be asked,
 * the upload is refused (fail closed) unless {@code rdw.clamd.on-unavailable=store}.
 */
public final class ClamdScanner implements ContentScanner {
    private static final DateTimeFormatter DB_DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    private final ClamdSettings settings;
    private final ScheduledExecutorService watchdog;
    /** One thread per scan in progress, sending its chunks to clamd; idle ones end after a minute. */
    private final ExecutorService senders;

    ClamdScanner(ClamdSettings settings) {
        this.settings = settings;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rdw-clamd-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.senders = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rdw-clamd-sender");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Scan begin(ObjectRef target) {
        return new ClamdScan(settings, target, watchdog, senders);
    }

    @Override
    public String describe() {
        return settings.where() + ", on-unavailable=" + settings.onUnavailableName();
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        try (ClamdConnection c = ClamdConnection.open(settings, watchdog)) {
            c.command("PING");
            String pong = c.answer();
            if (!"PONG".equals(pong)) {
                return Health.down("scan", "clamd", elapsed(start), settings.where() + " answered PING with " + pong);
            }
        } catch (IOException e) {
            return Health.down("scan", "clamd", elapsed(start), settings.where() + " is unreachable ("
                    + Failures.unreachable(e, settings.timeout()) + "); uploads are "
                    + (settings.onUnavailable() == ClamdSettings.OnUnavailable.STORE ? "stored unscanned" : "refused"));
        }
        String version;
        try (ClamdConnection c = ClamdConnection.open(settings, watchdog)) {
            c.command("VERSION");
            version = c.answer();
        } catch (IOException e) {
            version = "version unknown (" + Failures.unreachable(e, settings.timeout()) + ")";
        }
        return Health.up("scan", "clamd", elapsed(start), settings.where() + " answers: " + describeVersion(version));
    }

    /** {@code ClamAV 1.4.6/27500/Mon Dec  1 09:24:02 2025}: the engine, and the signature database's version and age. */
    static String describeVersion(String version) {
        String[] parts = version.split("/", 3);
        if (parts.length < 3) {
            return version + " (signature database without a version: a local or unofficial one)";
        }
        String age = databaseDate(parts[2]).map(d -> ", " + ChronoUnit.DAYS.between(d, LocalDate.now(ZoneOffset.UTC))
                + " days old").orElse("");
        return parts[0] + ", signature database " + parts[1] + " of " + parts[2].replaceAll("\\s+", " ") + age;
    }

    private static Optional<LocalDate> databaseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text.trim().replaceAll("\\s+", " "), DB_DATE));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        senders.shutdownNow();
        watchdog.shutdownNow();
    }
}
