package io.redback.rdw.jupyter;

import io.redback.rdw.helpers.Values;

import java.util.ArrayList;
import java.util.List;

/**
 * A table for people, rendered as HTML (a notebook) and as plain text (the fallback every front end shows) from the
 * same cells, so the two always agree.
 *
 * @param headers the column names
 * @param types   each column's type, shown under its name, or {@code null} when the columns have no types
 * @param rows    the cells: plain values, {@code null} (shown as null, distinct from the text "null"), or {@link Styled}
 * @param note    the line under the table: how many rows, and whether there are more
 */
record Grid(List<String> headers, List<String> types, List<List<Object>> rows, String note) {
    /** Longer cells are cut: one huge value must not flood the notebook. */
    static final int MAX_CELL = 500;
    /** Text columns wider than this are cut, so a table stays readable in a terminal-width output. */
    private static final int MAX_TEXT_WIDTH = 60;

    /** A cell shown in a colour (a status), with the same text in both renderings. */
    record Styled(String text, String color) {
    }

    Grid {
        headers = List.copyOf(headers);
        types = types == null ? null : List.copyOf(types);
        rows = List.copyOf(rows);
    }

    String html() {
        StringBuilder b = new StringBuilder("<div class=\"rdw-display\">\n<table class=\"rdw-table\">\n<thead><tr>");
        for (int i = 0; i < headers.size(); i++) {
            b.append("<th style=\"text-align:left\">").append(escape(headers.get(i)));
            if (types != null) {
                b.append("<br/><span style=\"font-weight:normal;color:#888;font-size:85%\">")
                        .append(escape(types.get(i))).append("</span>");
            }
            b.append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : rows) {
            b.append("<tr>");
            for (Object cell : row) {
                b.append("<td style=\"text-align:left\">").append(htmlCell(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        if (note != null) {
            b.append("<p class=\"rdw-note\" style=\"color:#666\">").append(escape(note)).append("</p>\n");
        }
        return b.append("</div>\n").toString();
    }

    String text() {
        List<String[]> lines = new ArrayList<>();
        for (List<Object> row : rows) {
            String[] line = new String[headers.size()];
            for (int i = 0; i < line.length; i++) {
                line[i] = cut(textCell(row.get(i)), MAX_TEXT_WIDTH).replace("\n", "\\n").replace("\r", "\\r");
            }
            lines.add(line);
        }
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = Math.max(headers.get(i).length(), types == null ? 0 : types.get(i).length());
            for (String[] line : lines) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, headers.toArray(String[]::new), width);
        if (types != null) {
            appendLine(out, types.toArray(String[]::new), width);
        }
        for (int i = 0; i < width.length; i++) {
            out.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        out.append('\n');
        for (String[] line : lines) {
            appendLine(out, line, width);
        }
        if (note != null) {
            out.append('(').append(note).append(")\n");
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : " | ").append(cells[i]).append(" ".repeat(width[i] - cells[i].length()));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String htmlCell(Object cell) {
        if (cell == null) {
            return "<i class=\"rdw-null\" style=\"color:#aaa\">null</i>";
        }
        if (cell instanceof Styled s) {
            return "<span style=\"color:" + escape(s.color()) + ";font-weight:bold\">" + escape(cut(s.text(), MAX_CELL))
                    + "</span>";
        }
        return escape(cut(Values.text(cell), MAX_CELL));
    }

    private static String textCell(Object cell) {
        if (cell == null) {
            return "null";
        }
        return cell instanceof Styled s ? s.text() : Values.text(cell);
    }

    /** The first {@code max} characters, with an ellipsis when cut. */
    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** HTML-escaped text: a value {@code <script>} shows as text, never runs. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
