package io.redback.rdw;

/**
 * A column of a query result.
 *
 * @param name the column's name
 * @param type its SQL type in Dremio's vocabulary: {@code BIGINT}, {@code INTEGER}, {@code DOUBLE}, {@code FLOAT},
 *             {@code DECIMAL}, {@code VARCHAR}, {@code BOOLEAN}, {@code DATE}, {@code TIME}, {@code TIMESTAMP},
 *             {@code VARBINARY}, {@code LIST}, {@code STRUCT}, {@code MAP}
 */
public record Column(String name, String type) {
}
