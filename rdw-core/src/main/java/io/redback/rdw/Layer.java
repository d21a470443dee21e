package io.redback.rdw;

import java.util.Locale;

/**
 * The medallion layers. Each is stored in its own bucket (names are configuration, see {@link RdwConfig}).
 * Bronze holds raw uploads and is write-once: nothing in it is overwritten or deleted through rdw.
 */
public enum Layer {
    /** Raw data as uploaded. Write-once. */
    BRONZE,
    /** Cleaned and typed data derived from bronze. */
    SILVER,
    /** Analysis-ready aggregates. */
    GOLD;

    /** The lower-case name used on the command line and in configuration keys: {@code bronze}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether objects in this layer may never be replaced or deleted. */
    public boolean writeOnce() {
        return this == BRONZE;
    }

    /**
     * Parses a layer name ({@code bronze}, {@code Silver}, ...).
     *
     * @throws InvalidInputException naming the accepted values
     */
    public static Layer parse(String name) {
        if (name != null) {
            for (Layer layer : values()) {
                if (layer.id().equalsIgnoreCase(name.strip())) {
                    return layer;
                }
            }
        }
        throw new InvalidInputException("unknown layer " + io.redback.rdw.helpers.Names.printable(name)
                + ": expected bronze, silver or gold");
    }
}
