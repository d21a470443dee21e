package io.redback.rdw.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One run of the rdw command, in-process, with what it printed: the harness of the command-line tests. */
record CommandRun(int code, String out, String err) {

    /** Runs {@code rdw --warehouse <warehouse> args...}. */
    static CommandRun in(Path warehouse, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--warehouse", warehouse.toString()), Stream.of(args)).toArray(String[]::new);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
        return new CommandRun(code, out.toString(), err.toString());
    }
}
