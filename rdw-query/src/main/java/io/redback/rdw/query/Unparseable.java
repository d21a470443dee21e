package io.redback.rdw.query;

import io.redback.rdw.query.SqlTokens.Token;
import io.redback.rdw.spi.CheckedQuery;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.List;

/**
 * Words the refusal of a statement the parser stopped in. When the statement the parser stopped in starts with
 * the words of a statement Dremio would run as something other than a query ({@code DROP TABLE t},
 * {@code SELECT 1; DROP TABLE t}), the refusal names it; otherwise it is {@code UNPARSEABLE} with Calcite's message.
 * Either way the statement is refused: the words only name the refusal.
 */
final class Unparseable {

    private Unparseable() {
    }

    static CheckedQuery refusal(String sql, VersionClauses.Masked masked, SqlParseException e) {
        String kind = kind(masked, e.getPos());
        if (kind != null) {
            return CalciteSqlGuard.refused(sql, kind, StatementKinds.refusal(kind));
        }
        return CalciteSqlGuard.refused(sql, "UNPARSEABLE", "SQL does not parse: " + message(e));
    }

    /**
     * The kind of the first statement, or, when the parser stopped at the first word after a semicolon and all
     * before it parses (as in {@code SELECT 1; DROP TABLE t}), of the statement starting there; null if neither
     * names one.
     */
    private static String kind(VersionClauses.Masked masked, SqlParserPos pos) {
        String text = masked.sql();
        List<Token> tokens = masked.tokens();
        int first = 0;
        while (first < tokens.size() && isSemicolon(text, tokens.get(first))) {
            first++; // stray semicolons before the first statement
        }
        String kind = StatementKinds.at(text, tokens, first);
        if (kind != null) {
            return kind;
        }
        int error = offset(text, pos);
        for (int i = first + 1; i < tokens.size() && error >= 0; i++) {
            if (tokens.get(i).start() == error) {
                return isSemicolon(text, tokens.get(i - 1)) && parses(text.substring(0, error))
                        ? StatementKinds.at(text, tokens, i) : null;
            }
        }
        return null;
    }

    private static boolean parses(String sql) {
        try {
            CalciteSqlGuard.parser(sql).parseStmtList();
            return true;
        } catch (SqlParseException | RuntimeException e) {
            return false;
        }
    }

    private static int offset(String sql, SqlParserPos pos) {
        if (pos == null || pos.getLineNum() < 1) {
            return -1;
        }
        try {
            return new LineStarts(sql).offset(pos.getLineNum(), pos.getColumnNum());
        } catch (IllegalArgumentException e) {
            return -1; // e.g. a position at the end of the text
        }
    }

    private static boolean isSemicolon(String sql, Token token) {
        return token.type() == SqlTokens.Type.SYMBOL && sql.charAt(token.start()) == ';';
    }

    /** Calcite's first line, with the position when the message leaves it out. */
    private static String message(SqlParseException e) {
        String message = e.getMessage() != null ? e.getMessage().lines().findFirst().orElse("")
                : e.getCause() instanceof StackOverflowError ? "the statement is nested too deeply"
                : String.valueOf(e.getCause());
        SqlParserPos pos = e.getPos();
        if (pos != null && !message.contains(" line ")) { // some of Calcite's messages leave the position out
            message += " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
        }
        return message;
    }
}
