package io.redback.rdw.admin.clamd;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Units;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where clamd listens and how rdw uses it: a TCP host and port ({@code CLAMD_HOST}, {@code CLAMD_PORT}) or a unix
 * socket ({@code CLAMD_SOCKET}, preferred when both are set); the most it streams to one scan; how long it waits; and
 * what an upload does when clamd cannot be asked.
 */
record ClamdSettings(String host, int port, Optional<Path> socket, long maxStream, Duration timeout,
                     OnUnavailable onUnavailable) {

    /** What an upload does when clamd cannot be asked (down, unreachable, or it failed during the scan). */
    enum OnUnavailable {
        /** Fail closed: refuse the upload (the default). */
        REFUSE,
        /** Fail open: store the content unscanned, log a warning and record a {@code scan:skipped} event. */
        STORE
    }

    static final ConfigKey HOST = ConfigKey.of("rdw.clamd.host",
            "Host of clamd, the ClamAV daemon; setting it scans every upload with clamd").env("RDW_CLAMD_HOST", "CLAMD_HOST");
    static final ConfigKey PORT = ConfigKey.of("rdw.clamd.port", "TCP port of clamd (its TCPSocket setting)")
            .env("RDW_CLAMD_PORT", "CLAMD_PORT").defaultValue("3310").type(ConfigKey.Type.PORT);
    static final ConfigKey SOCKET = ConfigKey.of("rdw.clamd.socket",
            "Unix socket of clamd (its LocalSocket setting), instead of host and port; setting it scans every upload "
                    + "with clamd").env("RDW_CLAMD_SOCKET", "CLAMD_SOCKET");
    static final ConfigKey MAX_STREAM = ConfigKey.of("rdw.clamd.max-stream",
            "Largest upload rdw streams to clamd; larger ones are refused unscanned. Keep it at most clamd's "
                    + "StreamMaxLength (25M unless clamd.conf says otherwise)").env("RDW_CLAMD_MAX_STREAM")
            .defaultValue("25MB").type(ConfigKey.Type.SIZE);
    static final ConfigKey TIMEOUT = ConfigKey.of("rdw.clamd.timeout",
            "How long rdw waits for clamd to connect, take a chunk, or answer").env("RDW_CLAMD_TIMEOUT")
            .defaultValue("60s").type(ConfigKey.Type.DURATION);
    static final ConfigKey ON_UNAVAILABLE = ConfigKey.of("rdw.clamd.on-unavailable",
            "What an upload does when clamd cannot be asked: refuse (fail closed) or store (fail open: stored "
                    + "unscanned, with a warning and a scan:skipped provenance event)").env("RDW_CLAMD_ON_UNAVAILABLE")
            .defaultValue("refuse");

    static final List<ConfigKey> KEYS = List.of(HOST, PORT, SOCKET, MAX_STREAM, TIMEOUT, ON_UNAVAILABLE);

    static ClamdSettings from(RdwConfig config) {
        return new ClamdSettings(config.get(HOST).orElse("localhost"), config.integer(PORT),
                config.get(SOCKET).map(Path::of), config.bytes(MAX_STREAM), config.duration(TIMEOUT),
                onUnavailable(config.require(ON_UNAVAILABLE)).orElse(OnUnavailable.REFUSE));
    }

    private static Optional<OnUnavailable> onUnavailable(String value) {
        for (OnUnavailable o : OnUnavailable.values()) {
            if (o.name().equalsIgnoreCase(value.trim())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    static List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(ON_UNAVAILABLE).filter(v -> onUnavailable(v).isEmpty()).ifPresent(v ->
                problems.add(ON_UNAVAILABLE.describe() + " must be refuse or store, not " + v));
        config.get(MAX_STREAM).ifPresent(v -> {
            try {
                if (Units.bytes(v) <= 0) {
                    problems.add(MAX_STREAM.describe() + " must be larger than 0");
                }
            } catch (RuntimeException e) {
                problems.add(MAX_STREAM.describe() + " must be a size such as 25MB");
            }
        });
        config.get(TIMEOUT).ifPresent(v -> {
            try {
                if (Units.duration(v).isZero() || Units.duration(v).isNegative()) {
                    problems.add(TIMEOUT.describe() + " must be longer than 0");
                }
            } catch (RuntimeException e) {
                problems.add(TIMEOUT.describe() + " must be a duration such as 60s");
            }
        });
        return problems;
    }

    /** Where clamd is, for messages. */
    String where() {
        return socket.map(s -> "clamd at unix socket " + s).orElse("clamd at " + host + ":" + port);
    }

    String onUnavailableName() {
        return onUnavailable.name().toLowerCase(Locale.ROOT);
    }
}
