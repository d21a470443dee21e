package io.redback.rdw.spi;

import java.util.Objects;

/**
 * A column of a file loaded by {@link SqlWorkspace#load}.
 *
 * @param name  the name the file gives it, made unique as pandas does ({@code Unnamed: 3}, {@code speed.1})
 * @param type  its SQL type: {@code BIGINT}, {@code DOUBLE}, {@code BOOLEAN}, {@code DATE}, {@code TIMESTAMP},
 *              {@code TIMESTAMPTZ}, {@code VARCHAR}, or the engine's name of a nested type (from JSON)
 * @param value the SQL expression, over the loaded table alone, that gives the column's value with that type: usually
 *              the stored column itself; a conversion of it where the type was settled after the rows were stored (so
 *              no second pass over the file was needed). Use it in the select list of a query of the table.
 */
public record LoadedColumn(String name, String type, String value) {
    public LoadedColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
