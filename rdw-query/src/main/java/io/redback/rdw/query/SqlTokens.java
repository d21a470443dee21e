package io.redback.rdw.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SQL tokenizer that follows Calcite's lexer where it matters here: string literals with {@code ''} escapes
 * (and {@code E'...'} with backslash escapes), double-quoted identifiers with {@code ""} escapes, and comments
 * ({@code --} and {@code //} to the end of the line; block comments, closed by the first star-slash, not nested).
 * It never decides whether a statement may run: it only finds Dremio's version clauses to mask and the words that
 * name a refused statement. Whitespace and comments make no tokens. Unterminated literals and comments run to the
 * end of the text (the parser refuses them anyway).
 */
final class SqlTokens {

    enum Type { WORD, NUMBER, QUOTED, STRING, SYMBOL }

    /** A token and its span {@code [start, end)} in the text. */
    record Token(Type type, int start, int end) {
    }

    private SqlTokens() {
    }

    static List<Token> of(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i) || sql.startsWith("//", i)) {
                i = lineEnd(sql, i);
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'') {
                int end = quoted(sql, i, '\'');
                tokens.add(new Token(Type.STRING, i, end));
                i = end;
            } else if (c == '"') {
                int end = quoted(sql, i, '"');
                tokens.add(new Token(Type.QUOTED, i, end));
                i = end;
            } else if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                int end = escaped(sql, i + 1);
                tokens.add(new Token(Type.STRING, i, end));
                i = end;
            } else if (isWordStart(c)) {
                int end = i + 1;
                while (end < n && isWordPart(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Type.WORD, i, end));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i + 1;
                while (end < n && (isWordPart(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                tokens.add(new Token(Type.NUMBER, i, end));
                i = end;
            } else {
                tokens.add(new Token(Type.SYMBOL, i, i + 1));
                i++;
            }
        }
        return tokens;
    }

    /** The token's text upper-cased, for comparing words with keywords. */
    static String upper(String sql, Token token) {
        return sql.substring(token.start(), token.end()).toUpperCase(Locale.ROOT);
    }

    /** Whether the token is the unquoted word {@code keyword} (compared without regard to case). */
    static boolean isWord(String sql, Token token, String keyword) {
        return token.type() == Type.WORD && token.end() - token.start() == keyword.length()
                && sql.regionMatches(true, token.start(), keyword, 0, keyword.length());
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private static int lineEnd(String sql, int from) {
        int i = from;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** End of a literal opened by {@code quote} at {@code start}, where a doubled quote stands for itself. */
    private static int quoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** End of a C-style literal ({@code E'...'}) whose quote is at {@code start}: backslash escapes the next char. */
    private static int escaped(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            } else {
                i++;
            }
        }
        return sql.length();
    }
}
