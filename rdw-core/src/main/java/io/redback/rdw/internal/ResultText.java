package io.redback.rdw.internal;

import io.redback.rdw.Column;
import io.redback.rdw.Row;
import io.redback.rdw.helpers.Values;
import org.apache.commons.text.StringEscapeUtils;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A result as a table for people: plain text (JShell, the terminal) or HTML (notebooks, files). Both read at most one
 * row past what they show, and say when there are more.
 */
public final class ResultText {
    private ResultText() {
    }

    /** A rendered table and how many rows it shows. */
    public record Table(String text, long rows) {
    }

    public static Table text(List<Column> columns, Iterator<Row> it, int maxRows) {
        List<String[]> cells = new ArrayList<>();
        boolean more = false;
        while (it.hasNext()) {
            Row row = it.next();
            if (cells.size() == maxRows) {
                more = true;
                break;
            }
            String[] line = new String[columns.size()];
            for (int i = 0; i < line.length; i++) {
                String text = Values.text(row.get(i));
                line[i] = text == null ? "null" : text.replace("\n", "\\n").replace("\r", "\\r");
            }
            cells.add(line);
        }
        int[] width = new int[columns.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = columns.get(i).name().length();
            for (String[] line : cells) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < width.length; i++) {
            out.append(i == 0 ? "" : " | ").append(pad(columns.get(i).name(), width[i], false));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        strip(out).append('\n').append(rule).append('\n');
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                out.append(i == 0 ? "" : " | ").append(pad(line[i], width[i], isNumeric(columns.get(i).type())));
            }
            strip(out).append('\n');
        }
        out.append(more ? "(first " + maxRows + " rows shown; there are more)\n"
                : "(" + cells.size() + (cells.size() == 1 ? " row)\n" : " rows)\n"));
        return new Table(out.toString(), cells.size());
    }

    public static Table html(List<Column> columns, Iterator<Row> it, int maxRows) {
        StringBuilder b = new StringBuilder("<table class=\"rdw-result\">\n<thead><tr>");
        for (Column c : columns) {
            b.append("<th title=\"").append(escape(c.type())).append("\">").append(escape(c.name())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        long n = 0;
        boolean more = false;
        while (it.hasNext()) {
            Row row = it.next();
            if (n == maxRows) {
                more = true;
                break;
            }
            b.append("<tr>");
            for (int i = 0; i < columns.size(); i++) {
                String text = Values.text(row.get(i));
                b.append("<td>").append(text == null ? "<i>null</i>" : escape(text)).append("</td>");
            }
            b.append("</tr>\n");
            n++;
        }
        b.append("</tbody>\n</table>\n<p>").append(more ? "first " + maxRows + " rows shown; there are more"
                : n + (n == 1 ? " row" : " rows")).append("</p>\n");
        return new Table(b.toString(), n);
    }

    private static String escape(String s) {
        return StringEscapeUtils.escapeHtml4(s);
    }

    private static boolean isNumeric(String type) {
        return switch (type) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT", "DECIMAL" -> true;
            default -> false;
        };
    }

    /** Drops the padding at the end of the current line. */
    private static StringBuilder strip(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        return b;
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }
}
