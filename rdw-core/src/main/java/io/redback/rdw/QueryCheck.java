package io.redback.rdw;

import java.util.List;

/**
 * The SELECT-only guard's verdict on a statement.
 *
 * @param verdict whether the statement may run
 * @param kind    the statement's kind: {@code SELECT}, {@code WITH}, {@code UNION}, {@code INSERT},
 *                {@code DROP TABLE}, {@code CREATE VIEW}, {@code ALTER SESSION}, {@code MULTIPLE}, ... or
 *                {@code UNPARSEABLE}
 * @param reason  for a refusal, why; for an allowed query, {@code "allowed"}
 * @param tables  the dataset paths the query reads, each as its path segments
 */
public record QueryCheck(Verdict verdict, String kind, String reason, List<List<String>> tables) {

    /** What the guard decided. */
    public enum Verdict { ALLOWED, REFUSED }

    public QueryCheck {
        java.util.Objects.requireNonNull(verdict, "verdict");
        tables = tables == null ? List.of() : tables.stream().map(List::copyOf).toList();
    }

    public static QueryCheck allowed(String kind, List<List<String>> tables) {
        return new QueryCheck(Verdict.ALLOWED, kind, "allowed", tables);
    }

    public static QueryCheck refused(String kind, String reason) {
        return new QueryCheck(Verdict.REFUSED, kind, reason, List.of());
    }

    /** Whether the statement may run. */
    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }
}
