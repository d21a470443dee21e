package io.redback.rdw;

import java.util.List;

/**
 * The SELECT-only guard's verdict on a statement.
 *
 * @param allowed whether the statement may run
 * @param kind    the statement's kind: {@code SELECT}, {@code WITH}, {@code UNION}, {@code INSERT},
 *                {@code DROP TABLE}, {@code CREATE VIEW}, {@code ALTER SESSION}, {@code MULTIPLE}, ... or
 *                {@code UNPARSEABLE}
 * @param reason  for a refusal, why; for an allowed query, {@code "allowed"}
 * @param tables  the dataset paths the query reads, each as its path segments
 */
public record QueryCheck(boolean allowed, String kind, String reason, List<List<String>> tables) {
    public QueryCheck {
        tables = tables == null ? List.of() : tables.stream().map(List::copyOf).toList();
    }

    public static QueryCheck allowed(String kind, List<List<String>> tables) {
        return new QueryCheck(true, kind, "allowed", tables);
    }

    public static QueryCheck refused(String kind, String reason) {
        return new QueryCheck(false, kind, reason, List.of());
    }
}
