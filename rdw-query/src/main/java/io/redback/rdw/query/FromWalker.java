package io.redback.rdw.query;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a parsed query once, collecting the identifiers that name tables and noting calls to
 * {@code external_query}. A table is an identifier in a FROM position (of any SELECT, at any depth, through joins,
 * aliases, hints, samples, snapshots, PIVOT and MATCH_RECOGNIZE) or after {@code TABLE} in an explicit table
 * ({@code ... UNION TABLE t}). Names of CTEs are collected like any other FROM identifier: telling them apart
 * would need scoping, and a single-segment name never addresses a dataset anyway. Table functions
 * ({@code TABLE(fn(...))}) name no table, but their arguments are still walked.
 */
final class FromWalker {

    /** A table identifier and whether the query aliases it. */
    record Found(SqlIdentifier identifier, boolean hasAlias) {
    }

    private final List<Found> tables = new ArrayList<>();
    private boolean externalQuery;

    List<Found> tables() {
        return tables;
    }

    boolean callsExternalQuery() {
        return externalQuery;
    }

    /** Any node outside a FROM position: only nested queries and calls matter here. */
    void expression(SqlNode node) {
        if (node instanceof SqlNodeList list) {
            list.forEach(this::expression);
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
            switch (call.getKind()) {
                case EXPLICIT_TABLE -> fromItem(call.operand(0), false);
                default -> call.getOperandList().forEach(this::expression);
            }
        }
        // identifiers outside FROM are columns, aliases or CTE names; literals and types need nothing
    }

    private void fromItem(SqlNode node, boolean aliased) {
        if (node instanceof SqlIdentifier identifier) {
            tables.add(new Found(identifier, aliased));
        } else if (node instanceof SqlJoin join) {
            noteCall(join);
            fromItem(join.getLeft(), false);
            fromItem(join.getRight(), false);
            expression(join.getCondition());
        } else if (node instanceof SqlCall call) {
            noteCall(call);
            List<SqlNode> operands = call.getOperandList();
            switch (call.getKind()) {
                // AS: the rest are the alias and its column names
                case AS -> fromItem(operands.get(0), true);
                // wrappers that still read the same table under the same alias
                case TABLE_REF, SNAPSHOT, TABLESAMPLE, EXTEND, LATERAL -> {
                    fromItem(operands.get(0), aliased);
                    operands.subList(1, operands.size()).forEach(this::expression);
                }
                // the alias, if any, belongs to the result, not the table read
                case PIVOT, UNPIVOT, MATCH_RECOGNIZE -> {
                    fromItem(operands.get(0), false);
                    operands.subList(1, operands.size()).forEach(this::expression);
                }
                // subqueries, VALUES, UNNEST, TABLE(fn(...)): nothing here names a table directly
                default -> expression(call);
            }
        } else {
            expression(node);
        }
    }

    private void noteCall(SqlCall call) {
        if (call.getOperator().getName().equalsIgnoreCase("external_query")) {
            externalQuery = true;
        }
    }
}
