package io.redback.rdw.query;

import io.redback.rdw.query.SqlTokens.Token;
import io.redback.rdw.spi.CheckedQuery;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.util.List;

/**
 * Words the refusal of a statement the parser could not parse. When the statement the parser stopped in starts with
 * the words of a statement Dremio would run as something other than a query ({@code DROP TABLE t},
 * {@code SELECT 1; ALTER TABLE t ADD COLUMNS (c INT)}), the refusal names it; otherwise it is {@code UNPARSEABLE}
 * with Calcite's message.
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
        return CalciteSqlGuard.refused(sql, "UNPARSEABLE", "SQL does not parse: " + message(e).replaceFirst("\\.$", "")
                + Misspelt.hint(masked.sql(), masked.tokens(), e.getPos() == null ? masked.sql().length()
                : offset(masked.sql(), e.getPos())));
    }

    /**
     * The kind of the statement the parser stopped in: the first one, or the one after the last semicolon before
     * the error when all up to that semicolon parses (as in {@code SELECT 1; DROP TABLE t}); null if it names none.
     */
    private static String kind(VersionClauses.Masked masked, SqlParserPos pos) {
        String text = masked.sql();
        List<Token> tokens = masked.tokens();
        String kind = StatementKinds.at(text, tokens, afterSemicolons(text, tokens, 0));
        if (kind != null || pos == null) {
            return kind;
        }
        int error = offset(text, pos);
        int last = -1;
        for (int i = 0; i < tokens.size() && tokens.get(i).start() < error; i++) {
            if (isSemicolon(text, tokens.get(i))) {
                last = i;
            }
        }
        if (last < 0 || !parses(text.substring(0, tokens.get(last).end()))) {
            return null;
        }
        return StatementKinds.at(text, tokens, afterSemicolons(text, tokens, last));
    }

    /** The index of the first token at or after {@code from} that is not a semicolon. */
    private static int afterSemicolons(String sql, List<Token> tokens, int from) {
        int i = from;
        while (i < tokens.size() && isSemicolon(sql, tokens.get(i))) {
            i++;
        }
        return i;
    }

    private static boolean parses(String sql) {
        try {
            CalciteSqlGuard.parser(sql).parseStmtList();
            return true;
        } catch (SqlParseException | RuntimeException e) {
            return false;
        }
    }

    /** The offset the parser stopped at; the end of the text when its position is not inside the text. */
    private static int offset(String sql, SqlParserPos pos) {
        try {
            return new LineStarts(sql).offset(pos.getLineNum(), pos.getColumnNum());
        } catch (IllegalArgumentException e) {
            return sql.length();
        }
    }

    private static boolean isSemicolon(String sql, Token token) {
        return token.type() == SqlTokens.Type.SYMBOL && sql.charAt(token.start()) == ';';
    }

    /** Calcite's first line, with the position when the message leaves it out. */
    private static String message(SqlParseException e) {
        if (e.getCause() instanceof LinkageError missing) { // a broken classpath, not the statement's fault
            return "the parser is missing a class it needs (" + missing + ")";
        }
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
