package io.redback.rdw.jupyter.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A cell's magics as Java for JShell, so that they run on the cell's thread like any code (an interrupt reaches a
 * query of a {@code %%sql} cell) and their value is the cell's. {@code %%name args} on the first line makes the whole
 * cell one magic; a line {@code %name args} is replaced by a call on the same line, so line numbers stay right.
 */
final class MagicSource {
    private static final String MAGICS = RdwMagics.class.getName();
    private static final Pattern LINE_MAGIC = Pattern.compile("^([ \\t]*)%(\\w+)(.*)$", Pattern.MULTILINE);
    private static final Pattern JAVA_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private MagicSource() {
    }

    static boolean isCellMagic(String cell) {
        return cell.stripLeading().startsWith("%%");
    }

    /** The cell as Java. */
    static String toJava(String cell) {
        return isCellMagic(cell) ? cellMagic(cell.stripLeading()) : lineMagics(cell);
    }

    private static String cellMagic(String cell) {
        int newline = cell.indexOf('\n');
        List<String> words = words(newline < 0 ? cell.substring(2) : cell.substring(2, newline));
        String body = newline < 0 ? "" : cell.substring(newline + 1);
        if (words.isEmpty()) {
            throw new CellException("MagicError: %% names no magic; try %%sql");
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (!name.equals("sql")) {
            return MAGICS + ".cell(" + literal(name) + ", " + list(args) + ", " + literal(body) + ")";
        }
        if (args.isEmpty()) {
            return MAGICS + ".sql(" + literal(body) + ")";
        }
        if (args.size() != 2 || !args.get(0).equals("-o") || !JAVA_NAME.matcher(args.get(1)).matches()) {
            throw new CellException("MagicError: usage: %%sql [-o name], the query on the lines below; got %%sql "
                    + String.join(" ", args));
        }
        return "java.util.List<io.redback.rdw.Row> " + args.get(1) + " = " + MAGICS + ".sqlRows(" + literal(body) + ");";
    }

    private static String lineMagics(String cell) {
        Matcher m = LINE_MAGIC.matcher(cell);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            // the last line of a cell has no semicolon: its value is the cell's, shown as any expression's
            boolean last = cell.substring(m.end()).isBlank();
            String call = m.group(1) + MAGICS + ".line(" + literal(m.group(2)) + ", " + list(words(m.group(3))) + ")"
                    + (last ? "" : ";");
            m.appendReplacement(out, Matcher.quoteReplacement(call));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Words split at blanks; "double quotes" keep blanks in one. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    private static String list(List<String> args) {
        return "java.util.List.of(" + args.stream().map(MagicSource::literal).collect(Collectors.joining(", ")) + ")";
    }

    /** Any text as a Java expression: Base64 needs no escaping, whatever the cell holds. */
    private static String literal(String text) {
        return MAGICS + ".text(\"" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\")";
    }
}
