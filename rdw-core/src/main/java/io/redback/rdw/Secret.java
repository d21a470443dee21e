package io.redback.rdw;

import java.util.Objects;

/**
 * A password, key or token. Prints as {@code ******} everywhere ({@code toString}, logs, exceptions);
 * only {@link #reveal()} gives the value, and only a backend that sends it to its server should call it.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
