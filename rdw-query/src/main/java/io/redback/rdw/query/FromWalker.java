package io.redback.rdw.query;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Walks a parsed query once, collecting the identifiers that name datasets, the table functions it calls and
 * whether it calls {@code external_query}. A dataset is an identifier in a FROM position (of any SELECT, at any
 * depth, through joins, aliases, hints, samples, snapshots, PIVOT and MATCH_RECOGNIZE) or after {@code TABLE} in an
 * explicit table ({@code TABLE t}, {@code ... UNION TABLE t}), unless it is the one-part name of a CTE in scope
 * there: a WITH item's name is visible in the later items and in the body, not in its own definition (even under
 * RECURSIVE, so a self-reference is checked as a dataset rather than trusted). Names compare without regard to case,
 * as Dremio resolves them. Table functions ({@code TABLE(fn(...))}, also written {@code FROM fn(...)}) name no
 * dataset themselves, but their arguments are still walked.
 */
final class FromWalker {

    /** A dataset identifier and whether the query aliases it. */
    record Found(SqlIdentifier identifier, boolean hasAlias) {
    }

    /** FROM items around a table that still read it: an alias, hints, time travel, sampling, reshaping. */
    private static final Set<SqlKind> WRAPPERS = EnumSet.of(SqlKind.AS, SqlKind.TABLE_REF, SqlKind.SNAPSHOT,
            SqlKind.TABLESAMPLE, SqlKind.EXTEND, SqlKind.LATERAL, SqlKind.PIVOT, SqlKind.UNPIVOT,
            SqlKind.MATCH_RECOGNIZE);

    private final List<Found> tables = new ArrayList<>();
    private final List<SqlCall> tableFunctions = new ArrayList<>();
    private final Deque<Set<String>> cteScopes = new ArrayDeque<>();
    private boolean externalQuery;

    List<Found> tables() {
        return tables;
    }

    /** The {@code TABLE(fn(...))} calls, anywhere in the query. */
    List<SqlCall> tableFunctions() {
        return tableFunctions;
    }

    boolean callsExternalQuery() {
        return externalQuery;
    }

    /** Any node outside a FROM position: only nested queries and calls matter here. */
    void expression(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            list.forEach(this::expression);
        } else if (node instanceof SqlWith with) {
            with(with);
        } else if (node instanceof SqlSelect select) {
            noteCall(select);
            for (SqlNode operand : select.getOperandList()) {
                if (operand != null && operand == select.getFrom()) {
                    fromItem(operand, false);
                } else {
                    expression(operand);
                }
            }
        } else if (node instanceof SqlJoin join) {
            fromItem(join, false);
        } else if (node instanceof SqlCall call) {
            noteCall(call);
            if (call.getKind() == SqlKind.EXPLICIT_TABLE) {
                fromItem(call.operand(0), false);
            } else {
                call.getOperandList().forEach(this::expression);
            }
        }
        // identifiers outside FROM are columns, aliases or CTE names; literals and types need nothing
    }

    /** Each item sees the names defined before it; the body sees them all; none is visible outside the WITH. */
    private void with(SqlWith with) {
        noteCall(with);
        Set<String> scope = new HashSet<>();
        cteScopes.push(scope);
        try {
            for (SqlNode node : with.withList) {
                SqlWithItem item = (SqlWithItem) node;
                expression(item.query);
                scope.add(fold(item.name.getSimple()));
            }
            expression(with.body);
        } finally {
            cteScopes.pop();
        }
    }

    private void fromItem(SqlNode node, boolean aliased) {
        if (node instanceof SqlIdentifier identifier) {
            if (!isCte(identifier)) {
                tables.add(new Found(identifier, aliased));
            }
        } else if (node instanceof SqlJoin join) {
            noteCall(join);
            fromItem(join.getLeft(), false);
            fromItem(join.getRight(), false);
            expression(join.getCondition());
        } else if (node instanceof SqlCall call && WRAPPERS.contains(call.getKind())) {
            noteCall(call);
            List<SqlNode> operands = call.getOperandList();
            switch (call.getKind()) {
                // AS: the rest are the alias and its column names
                case AS -> fromItem(operands.get(0), true);
                // the alias, if any, belongs to the result, not the table read
                case PIVOT, UNPIVOT, MATCH_RECOGNIZE -> {
                    fromItem(operands.get(0), false);
                    operands.subList(1, operands.size()).forEach(this::expression);
                }
                // wrappers that still read the same table under the same alias
                default -> {
                    fromItem(operands.get(0), aliased);
                    operands.subList(1, operands.size()).forEach(this::expression);
                }
            }
        } else {
            // subqueries, WITH, VALUES, UNNEST, TABLE(fn(...)): nothing here names a table directly
            expression(node);
        }
    }

    private boolean isCte(SqlIdentifier identifier) {
        if (identifier.names.size() != 1) {
            return false;
        }
        String name = fold(identifier.getSimple());
        return cteScopes.stream().anyMatch(scope -> scope.contains(name));
    }

    private void noteCall(SqlCall call) {
        if (call.getKind() == SqlKind.COLLECTION_TABLE) {
            tableFunctions.add(call);
        }
        if (call.getOperator().getName().equalsIgnoreCase("external_query")) {
            externalQuery = true;
        }
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
