package io.redback.rdw.jupyter.kernel;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The notebook's JShell: evaluates a cell snippet by snippet, in this JVM, and says what went wrong in a few lines.
 * Not thread-safe, except {@link #stop()}, which an interrupt calls while a cell runs.
 */
final class Cells implements AutoCloseable {
    private final CellExecution execution = new CellExecution();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    /**
     * @param classPath what the cells compile against (the kernel's own class path: the classes run in this JVM)
     * @param imports   import statements every cell sees
     */
    Cells(String classPath, List<String> imports) {
        shell = JShell.builder().executionEngine(new CellExecution.Provider(execution), Map.of()).build();
        shell.addToClasspath(classPath);
        analysis = shell.sourceCodeAnalysis();
        for (String i : imports) {
            eval(i);
        }
        eval("0"); // compiles and runs a snippet once, so the first cell does not wait for that
    }

    /** Runs a cell; returns the value of its last snippet when that is an expression not ended by ';', else null. */
    Object eval(String cell) {
        execution.beginCell();
        Object last = null;
        String rest = cell;
        int offset = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == Completeness.EMPTY) {
                return last;
            }
            String source = rest;
            String remaining = "";
            // as in IPython, a cell that ends with a semicolon shows no value: display(x); shows x once
            if (info.completeness().isComplete()) {
                remaining = info.remaining();
                source = rest.substring(0, rest.length() - remaining.length());
            }
            boolean shown = !source.strip().endsWith(";");
            if (info.completeness() == Completeness.COMPLETE_WITH_SEMI) {
                source += ";";
            }
            Object value = run(source, cell, offset);
            last = shown ? value : null;
            if (remaining.isEmpty()) {
                return last;
            }
            offset += rest.length() - remaining.length();
            rest = remaining;
        }
    }

    private Object run(String source, String cell, int offset) {
        Object value = null;
        for (SnippetEvent e : shell.eval(source)) {
            if (e.causeSnippet() != null) {
                continue; // a snippet this one updated, not this one
            }
            if (e.status() == Snippet.Status.REJECTED) {
                throw compileError(e.snippet(), cell, offset);
            }
            if (e.exception() != null) {
                throw runtimeError(e.exception());
            }
            if (isExpression(e.snippet())) {
                value = execution.value(e.value());
            }
        }
        return value;
    }

    private static boolean isExpression(Snippet s) {
        return s.kind() == Snippet.Kind.EXPRESSION || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** The first error, where it is in the cell, and the line it is on. */
    private CellException compileError(Snippet snippet, String cell, int offset) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new CellException("CompileError: JShell refused the snippet: " + snippet.source().strip());
        }
        Diag d = errors.get(0);
        long position = d.getPosition() >= 0 ? d.getPosition() : Math.max(0, d.getStartPosition());
        int at = (int) Math.min(cell.length(), offset + position);
        int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = cell.indexOf('\n', at);
        String line = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
        int lineNumber = 1 + (int) cell.substring(0, at).chars().filter(c -> c == '\n').count();
        int column = at - lineStart + 1;
        List<String> message = d.getMessage(Locale.ROOT).lines().limit(3).toList();
        List<String> lines = new ArrayList<>();
        lines.add("CompileError: " + message.get(0));
        message.stream().skip(1).forEach(m -> lines.add("  " + m.strip()));
        lines.add("at line " + lineNumber + ", column " + column + ":");
        lines.add("    " + line);
        lines.add("    " + " ".repeat(Math.max(0, column - 1)) + "^");
        if (errors.size() > 1) {
            lines.add("(" + (errors.size() - 1) + " more error" + (errors.size() > 2 ? "s" : "") + " after this one)");
        }
        return new CellException(lines.get(0) + " (line " + lineNumber + ", column " + column + ")", lines);
    }

    /** The exception's simple name and message, then each cause on a line of its own. */
    private CellException runtimeError(JShellException e) {
        if (e instanceof UnresolvedReferenceException u) {
            String missing = shell.unresolvedDependencies(u.getSnippet()).collect(Collectors.joining(", "));
            return new CellException("UnresolvedReference: " + u.getSnippet().source().strip().lines().findFirst().orElse("")
                    + " needs " + missing + ", which is not defined");
        }
        List<String> lines = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String head = describe(e);
        head.lines().limit(6).forEach(lines::add);
        seen.add(firstLine(head));
        for (Throwable c = e.getCause(); c != null && lines.size() < 12; c = c.getCause()) {
            String cause = firstLine(describe(c));
            if (seen.add(cause) && !head.contains(messageOf(c))) {
                lines.add("caused by " + cause);
            }
        }
        return new CellException(lines.get(0), lines);
    }

    private static String describe(Throwable t) {
        String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
        String simple = name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
        String message = messageOf(t);
        return message.isEmpty() ? simple : simple + ": " + message;
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? "" : t.getMessage().strip();
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse(text);
    }

    /** Whether {@code code} is a whole cell: a {@link org.dflib.jjava.jupyter.kernel.BaseKernel} answer. */
    String isComplete(String code) {
        String rest = code;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return "complete";
                case UNKNOWN:
                    return "invalid";
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return "    ";
                default:
                    if (info.remaining().isBlank()) {
                        return "complete";
                    }
                    rest = info.remaining();
            }
        }
    }

    /** JShell's completions at {@code at}: the texts, and the start of what they replace. */
    Completions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = analysis.completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return new Completions(options, anchor[0]);
    }

    record Completions(List<String> options, int from) {
    }

    /** Interrupts the running cell (from another thread). */
    void stop() {
        execution.stop();
    }

    @Override
    public void close() {
        shell.close();
    }
}
