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
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SELECT-only guard on Apache Calcite's parser: a statement may run only when it parses to exactly one query
 * (SELECT, WITH, VALUES, a set operation, or one of those under ORDER BY/LIMIT). Everything else, including what
 * does not parse, is refused. The parser alone decides; the statement's first word only words the refusal.
 *
 * <p>The verdict's kind is the parser's {@link SqlKind} name ({@code SELECT}, {@code UNION}, {@code INSERT},
 * {@code SET_OPTION}, ...); for a query under ORDER BY/LIMIT it is the kind of the query inside.
 */
public final class CalciteSqlGuard implements SqlGuard {

    private static final Set<SqlKind> QUERIES =
            EnumSet.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT, SqlKind.VALUES, SqlKind.WITH);

    private static final Set<SqlKind> DATA_CHANGES =
            EnumSet.of(SqlKind.INSERT, SqlKind.UPDATE, SqlKind.DELETE, SqlKind.MERGE);

    /** Leading words that name a refused statement when Calcite cannot parse it (DDL, DCL, engine commands). */
    private static final Set<String> NON_QUERY_VERBS = Set.of(
            "ALTER", "ANALYZE", "BEGIN", "CALL", "COMMENT", "COMMIT", "COPY", "CREATE", "DELETE", "DESCRIBE", "DROP",
            "EXEC", "EXECUTE", "EXPLAIN", "GRANT", "INSERT", "LOAD", "MERGE", "OPTIMIZE", "REFRESH", "RENAME",
            "REPLACE", "RESET", "REVOKE", "ROLLBACK", "SET", "SHOW", "START", "TRUNCATE", "UPDATE", "UPSERT", "USE",
            "VACUUM");

    private static final String ONLY_QUERIES =
            "only read-only queries (SELECT, WITH, VALUES, set operations) are allowed";

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
        CheckedQuery checked = check(sql);
        if (checked.check().allowed()) {
            for (List<String> path : checked.check().tables()) {
                String refusal = path.size() > 1 ? policy.refusal(path) : null;
                if (refusal != null) {
                    return refused(sql, checked.check().kind(), refusal);
                }
            }
        }
        return checked;
    }

    @Override
    public CheckedQuery check(String sql) {
        if (sql == null || sql.isBlank()) {
            return refused(sql, "EMPTY", "empty statement");
        }
        SqlNodeList statements;
        try {
            statements = SqlParser.create(sql, PARSER).parseStmtList();
        } catch (SqlParseException e) {
            return unparseable(sql, e);
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
        SqlKind kind = statement.getKind() == SqlKind.ORDER_BY
                ? ((SqlOrderBy) statement).query.getKind() : statement.getKind();
        if (!QUERIES.contains(kind)) {
            return refused(sql, kind.name(), notAQuery(kind));
        }
        try {
            return allowedOrNot(sql, kind.name(), statement);
        } catch (RuntimeException e) {
            // fail closed: a query whose tables cannot be located must not reach an engine
            return refused(sql, kind.name(), "could not analyse the query: " + e.getMessage());
        }
    }

    private static CheckedQuery allowedOrNot(String sql, String kind, SqlNode statement) {
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
            tables.add(new TableReference(found.identifier().names, start, end, found.hasAlias()));
        }
        tables.sort(Comparator.comparingInt(TableReference::start));
        Set<List<String>> paths = new LinkedHashSet<>();
        tables.forEach(t -> paths.add(t.path()));
        return new CheckedQuery(sql, QueryCheck.allowed(kind, List.copyOf(paths)), tables);
    }

    private static String notAQuery(SqlKind kind) {
        if (DATA_CHANGES.contains(kind)) {
            return kind + " statements change data; " + ONLY_QUERIES;
        }
        if (kind == SqlKind.SET_OPTION) {
            return kind + " statements (SET, RESET, ALTER SESSION/SYSTEM) change settings; " + ONLY_QUERIES;
        }
        return kind + " statements are not allowed: " + ONLY_QUERIES;
    }

    private static CheckedQuery unparseable(String sql, SqlParseException e) {
        String verb = failingStatementVerb(sql, e.getPos());
        if (NON_QUERY_VERBS.contains(verb)) {
            return refused(sql, verb, verb + " statements are not allowed: " + ONLY_QUERIES);
        }
        String message = e.getMessage() != null ? e.getMessage().lines().findFirst().orElse("")
                : e.getCause() instanceof StackOverflowError ? "the statement is nested too deeply"
                : String.valueOf(e.getCause());
        SqlParserPos pos = e.getPos();
        if (pos != null && !message.contains(" line ")) { // some of Calcite's messages leave the position out
            message += " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
        }
        return refused(sql, "UNPARSEABLE", "SQL does not parse: " + message);
    }

    /**
     * The first word of the statement the parser stopped in: the first statement's, or, when everything before the
     * error parses on its own (as in {@code SELECT 1; DROP TABLE t}), the word the parser stopped at.
     */
    private static String failingStatementVerb(String sql, SqlParserPos pos) {
        if (pos != null && pos.getLineNum() > 0) {
            try {
                int error = new LineStarts(sql).offset(pos.getLineNum(), pos.getColumnNum());
                if (!sql.substring(0, error).isBlank()) {
                    SqlParser.create(sql.substring(0, error), PARSER).parseStmtList();
                }
                return firstWord(sql, error);
            } catch (SqlParseException | RuntimeException e) {
                // the error is inside the first statement
            }
        }
        return firstWord(sql, 0);
    }

    /** The upper-cased word at {@code from} after whitespace and comments, or "" when there is none. */
    static String firstWord(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = indexOfLineEnd(sql, i);
                i = eol < 0 ? sql.length() : eol;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    private static int indexOfLineEnd(String sql, int from) {
        for (int i = from; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n' || sql.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static CheckedQuery refused(String sql, String kind, String reason) {
        return new CheckedQuery(sql, QueryCheck.refused(kind, reason), List.of());
    }
}
