package io.redback.rdw.query;

import io.redback.rdw.query.SqlTokens.Token;
import io.redback.rdw.query.SqlTokens.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Masks Dremio's time-travel clauses so Calcite's core parser, which does not know them, can parse the rest:
 * {@code AT BRANCH|TAG|COMMIT|REF|REFERENCE <name> [AS OF [TIMESTAMP] '<ts>']}, {@code AT SNAPSHOT <id>} and
 * {@code AT TIMESTAMP [TIMESTAMP] '<ts>'}, where a name or id is an identifier, a quoted identifier or a string.
 * Each clause is replaced by spaces of the same length (line breaks kept) so every offset and every line/column the
 * parser reports still points into the original text. Masking only removes a read-only clause: the parser still
 * decides everything else, and the guard checks afterwards that each clause directly followed a table name. A clause
 * in any other form is left alone, so the parser stops at its {@code AT} and the statement is refused.
 */
final class VersionClauses {

    private static final Set<String> REFERENCES = Set.of("BRANCH", "TAG", "COMMIT", "REF", "REFERENCE");

    /**
     * A masked clause.
     *
     * @param start offset of its {@code AT}
     * @param end   offset just past its last token
     * @param after offset just past the token before it, or -1 when it starts the text
     * @param text  the clause as written
     */
    record Clause(int start, int end, int after, String text) {
    }

    /** The text with its clauses masked, the clauses, and the tokens left in the masked text. */
    record Masked(String sql, List<Clause> clauses, List<Token> tokens) {
    }

    private VersionClauses() {
    }

    static Masked mask(String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        List<Token> kept = new ArrayList<>();
        List<Clause> clauses = new ArrayList<>();
        StringBuilder masked = new StringBuilder(sql);
        int i = 0;
        while (i < tokens.size()) {
            int next = clauseEnd(sql, tokens, i);
            if (next < 0) {
                if (isReservedCall(sql, tokens, i)) {
                    // RANGE is Calcite's keyword (window frames) but also DuckDB's table function range(n) and its
                    // column: parsed under a name of the same length, the statement runs as written
                    masked.setCharAt(tokens.get(i).end() - 1, '_');
                }
                kept.add(tokens.get(i++));
                continue;
            }
            int start = tokens.get(i).start();
            int end = tokens.get(next - 1).end();
            int after = i == 0 ? -1 : tokens.get(i - 1).end();
            clauses.add(new Clause(start, end, after, sql.substring(start, end)));
            for (int c = start; c < end; c++) {
                if (masked.charAt(c) != '\n' && masked.charAt(c) != '\r') { // keep lines so positions still match
                    masked.setCharAt(c, ' ');
                }
            }
            i = next;
        }
        return new Masked(masked.toString(), List.copyOf(clauses), List.copyOf(kept));
    }

    /** Words that follow RANGE when it starts a window frame ({@code RANGE BETWEEN ...}, {@code RANGE 3 PRECEDING}). */
    private static final Set<String> FRAME_WORDS = Set.of("BETWEEN", "UNBOUNDED", "CURRENT", "INTERVAL");

    /**
     * Whether token {@code i} is {@code range} as DuckDB uses it: the table function {@code range(...)} or its column
     * {@code range}. Not when it starts a window frame, nor as a table name after FROM or JOIN (the parser decides).
     */
    private static boolean isReservedCall(String sql, List<Token> tokens, int i) {
        if (!SqlTokens.isWord(sql, tokens.get(i), "RANGE")) {
            return false;
        }
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (next != null && next.type() == Type.SYMBOL && sql.charAt(next.start()) == '(') {
            return true;
        }
        if (i > 0 && (SqlTokens.isWord(sql, tokens.get(i - 1), "FROM") || SqlTokens.isWord(sql, tokens.get(i - 1), "JOIN"))) {
            return false;
        }
        return next == null || !(next.type() == Type.NUMBER || next.type() == Type.STRING
                || next.type() == Type.WORD && FRAME_WORDS.contains(SqlTokens.upper(sql, next)));
    }

    /** Index just past the version clause starting at token {@code i}, or -1 when none starts there. */
    private static int clauseEnd(String sql, List<Token> tokens, int i) {
        if (!SqlTokens.isWord(sql, tokens.get(i), "AT") || i + 1 >= tokens.size()
                || tokens.get(i + 1).type() != Type.WORD) {
            return -1;
        }
        String kind = SqlTokens.upper(sql, tokens.get(i + 1));
        if (kind.equals("TIMESTAMP")) {
            return timestamp(sql, tokens, i + 2);
        }
        if (!kind.equals("SNAPSHOT") && !REFERENCES.contains(kind)) {
            return -1;
        }
        if (i + 2 >= tokens.size() || !isName(tokens.get(i + 2))) {
            return -1;
        }
        int end = i + 3;
        if (REFERENCES.contains(kind) && end + 1 < tokens.size() && SqlTokens.isWord(sql, tokens.get(end), "AS")
                && SqlTokens.isWord(sql, tokens.get(end + 1), "OF")) {
            int asOf = timestamp(sql, tokens, end + 2);
            return asOf < 0 ? end : asOf; // an incomplete AS OF stays in the text and fails to parse
        }
        return end;
    }

    /** Index just past {@code [TIMESTAMP] '<literal>'} at token {@code i}, or -1. */
    private static int timestamp(String sql, List<Token> tokens, int i) {
        int at = i;
        if (at < tokens.size() && SqlTokens.isWord(sql, tokens.get(at), "TIMESTAMP")) {
            at++;
        }
        return at < tokens.size() && tokens.get(at).type() == Type.STRING ? at + 1 : -1;
    }

    private static boolean isName(Token token) {
        return token.type() == Type.WORD || token.type() == Type.QUOTED || token.type() == Type.STRING;
    }
}
