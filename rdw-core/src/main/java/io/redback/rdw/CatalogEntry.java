package io.redback.rdw;

import java.util.List;

/**
 * An entry of the query engine's catalog.
 *
 * @param path its path, e.g. {@code [dw-bucket-silver, project1, 2025]}
 * @param type {@code SOURCE}, {@code SPACE}, {@code HOME}, {@code FOLDER}, {@code FILE} or {@code DATASET}
 */
public record CatalogEntry(List<String> path, String type) {
    public CatalogEntry {
        path = List.copyOf(path);
    }

    /** The last segment. */
    public String name() {
        return path.isEmpty() ? "" : path.get(path.size() - 1);
    }

    @Override
    public String toString() {
        return type + " " + String.join(".", path.stream().map(s -> '"' + s + '"').toList());
    }
}
