package io.redback.rdw.query;

import io.redback.rdw.query.SqlTokens.Token;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A misspelt keyword near where the parser stopped ({@code SELEC 1}, {@code SELECT * FORM t}): named, with its place
 * and the keyword it probably is, so a refusal helps more than the parser's own words.
 */
final class Misspelt {
    /** Keywords a read-only query is made of; a word one or two edits away from one of them is a likely typo. */
    private static final List<String> KEYWORDS = List.of("SELECT", "WITH", "VALUES", "TABLE", "FROM", "WHERE", "GROUP",
            "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "JOIN", "INNER", "OUTER", "LEFT",
            "RIGHT", "DISTINCT", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "CAST", "COUNT");
    /** Words the parser knows that are close to a keyword but right as they are. */
    private static final Set<String> KNOWN = Set.of("AS", "BY", "ON", "IN", "IS", "OR", "AND", "NOT", "NULL", "ALL",
            "ANY", "END", "ASC", "DESC", "SUM", "AVG", "MIN", "MAX", "LIKE", "OVER", "ROWS", "ROW", "FULL", "CROSS");

    private Misspelt() {
    }

    /**
     * "; 'SELEC' at line 1, column 1 is not a keyword: did you mean SELECT?" for the last word at or before
     * {@code stop} that is a likely typo, or an empty string.
     */
    static String hint(String sql, List<Token> tokens, int stop) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.start() > stop || t.type() != SqlTokens.Type.WORD) {
                continue;
            }
            String word = sql.substring(t.start(), t.end()).toUpperCase(Locale.ROOT);
            String keyword = closest(word);
            if (keyword != null) {
                LineStarts.Position at = new LineStarts(sql).position(t.start());
                return "; " + "'" + sql.substring(t.start(), t.end()) + "' at line " + at.line() + ", column "
                        + at.column() + " is not a keyword: did you mean " + keyword + "?";
            }
        }
        return "";
    }

    /** The keyword this word is most likely a typo of, or null when it is one, is known, or is too far from any. */
    static String closest(String word) {
        if (word.length() < 3 || KEYWORDS.contains(word) || KNOWN.contains(word)) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : KEYWORDS) {
            int d = distance(word, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = word.length() <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** Edit distance with transpositions (FORM is one edit from FROM). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
