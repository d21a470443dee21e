package io.redback.rdw.query;

import io.redback.rdw.QueryCheck;
import io.redback.rdw.QueryPolicy;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.SqlGuard;
import io.redback.rdw.spi.TableReference;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The SELECT-only guard on Apache Calcite's parser: a statement may run only when it parses to exactly one query
 * (SELECT, WITH, VALUES, an explicit {@code TABLE t}, a set operation, or one of those under ORDER BY/LIMIT).
 * Everything else, including what does not parse, is refused. The parser alone decides; words only name a refusal.
 * Dremio's time-travel clauses ({@code AT BRANCH main}, ...) are masked first, since Calcite does not know them
 * (see {@link VersionClauses}).
 *
 * <p>The verdict's kind is the query's ({@code SELECT}, {@code WITH}, {@code UNION}, {@code INTERSECT},
 * {@code EXCEPT}, {@code VALUES}, {@code TABLE}; under ORDER BY/LIMIT the kind of the query inside), a refused
 * statement's as Dremio names it ({@code DROP TABLE}, {@code ALTER SESSION}, {@code MERGE BRANCH}, ..., see
 * {@link StatementKinds}), or {@code MULTIPLE}, {@code EMPTY}, {@code UNPARSEABLE}.
 */
public final class CalciteSqlGuard implements SqlGuard {

    private static final Map<SqlKind, String> QUERIES = Map.of(
            SqlKind.SELECT, "SELECT", SqlKind.UNION, "UNION", SqlKind.INTERSECT, "INTERSECT",
            SqlKind.EXCEPT, "EXCEPT", SqlKind.VALUES, "VALUES", SqlKind.WITH, "WITH",
            SqlKind.EXPLICIT_TABLE, "TABLE");

    // Dremio's dialect is Calcite's with double-quoted identifiers whose case is kept
    private static final SqlParser.Config PARSER = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withIdentifierMaxLength(1024)
            .withConformance(SqlConformanceEnum.LENIENT);

    @Override
    public CheckedQuery check(String sql, QueryPolicy policy) {
        Objects.requireNonNull(policy, "policy"); // QueryPolicy.OPEN for none: a missing policy must not open up
        if (sql == null || sql.isBlank()) {
            return refused(sql, "EMPTY", "empty statement");
        }
        VersionClauses.Masked masked = VersionClauses.mask(sql);
        SqlNodeList statements;
        try {
            statements = SqlParser.create(masked.sql(), PARSER).parseStmtList();
        } catch (SqlParseException e) {
            return Unparseable.refusal(sql, masked, e);
        } catch (RuntimeException e) {
            return refused(sql, "UNPARSEABLE", "SQL does not parse: " + e); // not expected: Calcite wraps its errors
        }
        if (statements.isEmpty()) {
            return refused(sql, "EMPTY", "empty statement"); // only comments or semicolons
        }
        if (statements.size() > 1) {
            return refused(sql, "MULTIPLE", statements.size() + " statements; only one query is allowed");
        }
        SqlNode statement = statements.get(0);
        SqlNode query = statement instanceof SqlOrderBy orderBy ? orderBy.query : statement;
        String kind = QUERIES.get(query.getKind());
        if (kind == null) {
            String named = StatementKinds.of(statement);
            return refused(sql, named, StatementKinds.refusal(named));
        }
        try {
            return analysed(sql, kind, statement, masked.clauses(), policy);
        } catch (RuntimeException e) {
            // fail closed: a query whose tables cannot be located must not reach an engine
            return refused(sql, kind, "could not analyse the query: " + e.getMessage());
        }
    }

    private static CheckedQuery analysed(String sql, String kind, SqlNode statement,
                                         List<VersionClauses.Clause> clauses, QueryPolicy policy) {
        FromWalker walker = new FromWalker();
        walker.expression(statement);
        if (walker.callsExternalQuery()) {
            return refused(sql, kind, "external_query passes SQL through to a source database; it is not allowed");
        }
        LineStarts lines = new LineStarts(sql);
        List<TableReference> tables = new ArrayList<>();
        for (FromWalker.Found found : walker.tables()) {
            SqlParserPos pos = found.identifier().getParserPosition();
            int start = lines.offset(pos.getLineNum(), pos.getColumnNum());
            int end = lines.offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1; // Calcite's end is inclusive
            tables.add(new TableReference(found.identifier().names, start, end,
                    found.hasAlias() ? TableReference.Alias.GIVEN : TableReference.Alias.NONE));
        }
        tables.sort(Comparator.comparingInt(TableReference::start));
        String misplaced = misplacedClause(sql, clauses, tables);
        if (misplaced != null) {
            return refused(sql, "UNPARSEABLE", misplaced);
        }
        // each clause belongs to the name it follows: an engine reads that dataset at that version
        for (VersionClauses.Clause clause : clauses) {
            for (int i = 0; i < tables.size(); i++) {
                if (tables.get(i).end() == clause.after()) {
                    tables.set(i, tables.get(i).at(clause.text().strip().replaceAll("\\s+", " "), clause.end()));
                }
            }
        }
        Set<List<String>> paths = new LinkedHashSet<>();
        tables.forEach(t -> paths.add(t.path()));
        String outOfScope = ScopeRules.refusal(policy, paths, !walker.tableFunctions().isEmpty());
        if (outOfScope != null) {
            return refused(sql, kind, outOfScope);
        }
        return new CheckedQuery(sql, QueryCheck.allowed(kind, List.copyOf(paths)), tables);
    }

    /** A masked version clause must directly follow a dataset name, as Dremio's grammar has it; else it is refused. */
    private static String misplacedClause(String sql, List<VersionClauses.Clause> clauses,
                                          List<TableReference> tables) {
        for (VersionClauses.Clause clause : clauses) {
            if (tables.stream().noneMatch(t -> t.end() == clause.after())) {
                LineStarts.Position at = new LineStarts(sql).position(clause.start());
                return "SQL does not parse: " + clause.text().replaceAll("\\s+", " ")
                        + " must directly follow a table name, at line " + at.line() + ", column " + at.column();
            }
        }
        return null;
    }

    static CheckedQuery refused(String sql, String kind, String reason) {
        return new CheckedQuery(sql, QueryCheck.refused(kind, reason), List.of());
    }

    /** The parser's settings, shared with the helpers that re-parse part of a statement. */
    static SqlParser parser(String sql) {
        return SqlParser.create(sql, PARSER);
    }
}
