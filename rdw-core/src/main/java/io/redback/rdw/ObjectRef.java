package io.redback.rdw;

import io.redback.rdw.helpers.Names;

import java.util.Objects;

/** An object in the warehouse: its layer and key. Printed as {@code bronze:project1/2025/rides_....csv}. */
public record ObjectRef(Layer layer, String key) {
    public ObjectRef {
        Objects.requireNonNull(layer, "layer");
        Names.key(key);
    }

    /** Parses {@code layer:key}. */
    public static ObjectRef parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 0) {
            throw new InvalidInputException("object reference " + Names.printable(text) + " is not of the form layer:key");
        }
        return new ObjectRef(Layer.parse(text.substring(0, colon)), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return layer.id() + ":" + key;
    }
}
