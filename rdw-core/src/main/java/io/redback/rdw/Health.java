package io.redback.rdw;

import java.time.Duration;
import java.util.Objects;

/**
 * How a backend answered a health check: {@link WarehouseClient#health()} and {@code rdw doctor} show one per
 * configured service.
 *
 * @param component what it is for: {@code storage}, {@code query}, {@code provenance}, {@code documents}, ...
 * @param backend   which backend, without credentials: {@code s3 http://127.0.0.1:9000}
 * @param status    whether it answered
 * @param latency   how long the check took
 * @param message   what was checked, or, when it is down, what failed and what to do about it
 */
public record Health(String component, String backend, Status status, Duration latency, String message) {

    /** The outcome of a check. */
    public enum Status {
        /** It answered as it should. */
        UP,
        /** It answered, but something needs attention (the message says what). */
        DEGRADED,
        /** It did not answer, or answered with an error. */
        DOWN,
        /** It has no check. */
        UNKNOWN
    }

    public Health {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(message, "message");
    }

    public static Health up(String component, String backend, Duration latency, String message) {
        return new Health(component, backend, Status.UP, latency, message);
    }

    public static Health down(String component, String backend, Duration latency, String message) {
        return new Health(component, backend, Status.DOWN, latency, message);
    }

    public static Health unknown(String component, String backend) {
        return new Health(component, backend, Status.UNKNOWN, Duration.ZERO, "this backend has no health check");
    }

    /** The same result under another component name (a client names the role a backend plays). */
    public Health as(String newComponent) {
        return new Health(newComponent, backend, status, latency, message);
    }

    /** Whether it is usable: up or degraded. */
    public boolean usable() {
        return status == Status.UP || status == Status.DEGRADED;
    }

    @Override
    public String toString() {
        return component + " " + status + " (" + backend + ", " + latency.toMillis() + " ms): " + message;
    }
}
