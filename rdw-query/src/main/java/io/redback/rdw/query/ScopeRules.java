package io.redback.rdw.query;

import io.redback.rdw.QueryPolicy;

import java.util.Collection;
import java.util.List;

/**
 * A team's scope policy applied to an allowed query's datasets. Every dataset path is checked, one-part names too
 * (in Dremio they resolve against the session's context, which may lie outside the scope); CTE names never get
 * here (see {@link FromWalker}). Under a restricted scope, table functions are refused outright: they name their
 * table in a string ({@code table_history('other.t')}) or run SQL of their own, so no path can be checked.
 */
final class ScopeRules {

    private ScopeRules() {
    }

    /** Why the query may not run under the policy, or {@code null} if it may. */
    static String refusal(QueryPolicy policy, Collection<List<String>> paths, boolean callsTableFunctions) {
        if (callsTableFunctions && !policy.allowedPrefixes().isEmpty()) {
            return "table functions (TABLE(...)) are not allowed under a scope policy: the tables they read cannot"
                    + " be checked against this team's scope";
        }
        for (List<String> path : paths) {
            String refusal = policy.refusal(path);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }
}
