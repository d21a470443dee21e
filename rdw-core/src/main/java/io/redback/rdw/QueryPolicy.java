package io.redback.rdw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a team's queries may read, beyond being read-only: the dataset paths they may name (a path is allowed when it
 * starts with one of the prefixes) and whether system tables ({@code sys}, {@code INFORMATION_SCHEMA}) are denied.
 * A refused query never reaches the engine.
 *
 * @param allowedPrefixes path prefixes, each a list of segments; empty means every dataset
 * @param systemTables    whether {@code sys.*} and {@code INFORMATION_SCHEMA.*} may be read
 */
public record QueryPolicy(List<List<String>> allowedPrefixes, SystemTables systemTables) {
    /** No restriction beyond read-only. */
    public static final QueryPolicy OPEN = new QueryPolicy(List.of(), SystemTables.ALLOW);

    /** Whether the engine's system tables may be read. */
    public enum SystemTables { ALLOW, DENY }

    public QueryPolicy {
        allowedPrefixes = allowedPrefixes.stream().map(List::copyOf).toList();
    }

    /** The policy of {@code rdw.query.scope} and {@code rdw.query.deny-system-tables}. */
    public static QueryPolicy from(RdwConfig config) {
        List<List<String>> prefixes = new ArrayList<>();
        config.get(RdwConfig.QUERY_SCOPE).ifPresent(scope -> {
            for (String item : scope.split(",")) {
                if (!item.isBlank()) {
                    prefixes.add(List.of(item.strip().split("/")));
                }
            }
        });
        return new QueryPolicy(prefixes, config.flag(RdwConfig.QUERY_DENY_SYSTEM) ? SystemTables.DENY : SystemTables.ALLOW);
    }

    /** Whether system tables are refused. */
    public boolean denySystemTables() {
        return systemTables == SystemTables.DENY;
    }

    /** Why a dataset path may not be read, or {@code null} if it may. Segments compare without regard to case. */
    public String refusal(List<String> path) {
        if (path.isEmpty()) {
            return null;
        }
        String first = path.get(0).toLowerCase(Locale.ROOT);
        if (denySystemTables() && (first.equals("sys") || first.equals("information_schema"))) {
            return "system table " + String.join(".", path) + " is not readable under this policy";
        }
        if (allowedPrefixes.isEmpty()) {
            return null;
        }
        for (List<String> prefix : allowedPrefixes) {
            if (prefix.size() <= path.size()) {
                boolean match = true;
                for (int i = 0; i < prefix.size() && match; i++) {
                    match = prefix.get(i).equalsIgnoreCase(path.get(i));
                }
                if (match) {
                    return null;
                }
            }
        }
        return String.join(".", path) + " is outside this team's scope " + allowedPrefixes.stream()
                .map(p -> String.join("/", p)).toList();
    }
}
