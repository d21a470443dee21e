package io.redback.rdw.cli;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of the {@code rdw} command. */
public final class Main {
    static final int NOT_FOUND = 3;
    static final int REFUSED = 4;
    static final int INVALID_INPUT = 5;
    static final int CONFIGURATION = 6;
    static final int UNAVAILABLE = 7;
    static final int RUN_FAILED = 8;
    static final int RUN_NOT_FINISHED = 9;

    private Main() {
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("-v") || java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        RdwCommand.FINISHED.countDown();
        if (RdwCommand.stopped) {
            // Ctrl-C, and the command finished what it had in hand: its exit code, not the JVM's 130 for the signal
            // (System.exit would wait for the shutdown that is under way)
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /** Runs the command with the given output streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        RdwCommand root = new RdwCommand();
        CommandLine cli = new CommandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        // descriptions are written as lines of up to 100 characters; picocli's 80 would break them mid-sentence
        cli.setUsageHelpWidth(110);
        // SQL that starts with a comment ("-- why\nSELECT ...") is the query, not an option
        cli.getSubcommands().get("query").setUnmatchedOptionsArePositionalParams(true);
        // JShell's own options (-R-Xmx2g, --feedback concise) pass through to it
        cli.getSubcommands().get("jshell").setUnmatchedOptionsArePositionalParams(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("rdw: " + message(e));
            if (root.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return exitCode(e);
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(Exception e) {
        if (e instanceof RdwException) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static int exitCode(Exception e) {
        if (e instanceof io.redback.rdw.stream.DagRunFailedException
                || e instanceof io.redback.rdw.etl.contracts.ContractFailedException) {
            return RUN_FAILED;
        }
        if (e instanceof io.redback.rdw.stream.DagRunTimeoutException || e instanceof io.redback.rdw.stream.DagPausedException) {
            return RUN_NOT_FINISHED;
        }
        if (e instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof ForbiddenException || e instanceof AlreadyExistsException) {
            return REFUSED;
        }
        if (e instanceof InvalidInputException) {
            return INVALID_INPUT;
        }
        if (e instanceof ConfigurationException) {
            return CONFIGURATION;
        }
        if (e instanceof BackendUnavailableException) {
            return UNAVAILABLE;
        }
        return 1;
    }
}
