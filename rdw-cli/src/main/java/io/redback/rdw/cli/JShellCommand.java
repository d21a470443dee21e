package io.redback.rdw.cli;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "jshell", header = "JShell with rdw on the class path, on this command's warehouse.",
        mixinStandardHelpOptions = true,
        description = {"Start the JDK's Java shell with rdw and all its modules on the class path, then run the scripts",
                "given, if any (a script that does not end with /exit leaves the shell open). The static facade",
                "(Warehouse.bucket(..), Warehouse.query(..), Pipelines.clean(..)) opens this command's warehouse on",
                "first use: --warehouse DIR if given, else the configured one (see 'rdw config').",
                "io.redback.rdw.*, io.redback.rdw.etl.* and io.redback.rdw.stream.* are imported. JShell's own options",
                "go after --, or as they are when rdw does not know them (-R-Xmx2g, --feedback concise)."},
        footerHeading = "%nExamples:%n",
        footer = {"  rdw jshell --warehouse /tmp/dw",
                "  rdw jshell rdw-examples/src/main/jshell/quickstart.jsh",
                "  echo 'Warehouse.bucket(\"bronze\").list(\"project1\")' | rdw jshell --warehouse /tmp/dw"})
final class JShellCommand implements Callable<Integer> {
    /** What every session starts with, after JShell's own default imports. */
    static final String STARTUP = "import io.redback.rdw.*;\nimport io.redback.rdw.etl.*;\nimport io.redback.rdw.etl.contracts.*;\n"
            + "import io.redback.rdw.tables.*;\n"
            + "import io.redback.rdw.stream.*;\n";
    /** Arrow (Dremio over Flight SQL) reads off-heap buffers through java.nio internals. */
    static final String ADD_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    @ParentCommand
    RdwCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCRIPT", arity = "0..*", description = "JShell scripts to run, and JShell's own options.")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RdwConfig config = root.config();
        Path startup = Files.createTempFile("rdw-jshell-", ".jsh");
        try {
            Files.writeString(startup, STARTUP);
            if (arguments.stream().noneMatch(a -> !a.startsWith("-"))) {
                banner(config, spec.commandLine().getOut());
            }
            return JavaShellToolBuilder.builder().start(jshellArguments(config, startup).toArray(String[]::new));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    /** The arguments JShell gets: rdw's class path, the JVM options and the settings of this command line. */
    List<String> jshellArguments(RdwConfig config, Path startup) {
        List<String> args = new ArrayList<>();
        args.add("--class-path");
        args.add(String.join(File.pathSeparator, classPath(System.getProperty("java.class.path", ""))));
        args.add("-R" + ADD_OPENS);
        // what the command line set (--warehouse and the backends it implies) reaches the shell's JVM, where the
        // configuration reads system properties before the environment and the configuration file
        for (Map.Entry<String, String> e : commandLineSettings(config).entrySet()) {
            args.add("-R-D" + e.getKey() + "=" + e.getValue());
        }
        if (root.verbose) {
            args.add("-R-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        }
        args.add("--startup");
        args.add("DEFAULT");
        args.add("--startup");
        args.add(startup.toString());
        args.addAll(arguments);
        return args;
    }

    /** The settings this command line made (not those from the environment or files, which the shell reads itself). */
    static Map<String, String> commandLineSettings(RdwConfig config) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ConfigKey key : config.keys()) {
            if (config.origin(key).filter(RdwCommand.ORIGIN::equals).isPresent() && !key.isSecret()) {
                config.get(key).ifPresent(v -> out.put(key.name(), v));
            }
        }
        return out;
    }

    private void banner(RdwConfig config, PrintWriter out) {
        String folder = config.warehouse().toAbsolutePath() + (root.warehouse != null ? " (--warehouse)"
                : config.origin(RdwConfig.WAREHOUSE).map(o -> " (" + o + ")").orElse(" (the default folder)"));
        String backends = WarehouseClient.backendsOf(config).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().replaceFirst(" \\(.*$", ""))
                .collect(Collectors.joining(", "));
        out.println("rdw " + WarehouseClient.version() + " in JShell. The warehouse folder: " + folder);
        out.println("Backends: " + backends + ".");
        out.println("Imported: io.redback.rdw.*, io.redback.rdw.etl.*, io.redback.rdw.stream.*. Try Warehouse.describe(); /exit leaves.");
        out.flush();
    }

    /**
     * The class path rdw runs with, spelt out for JShell: every entry of {@code java.class.path}, and the entries of
     * a jar's manifest {@code Class-Path} (rdw-cli.jar names its libraries there; the self-contained jar has none).
     */
    static List<String> classPath(String javaClassPath) {
        return io.redback.rdw.jupyter.kernel.KernelClassPath.entries(javaClassPath);
    }
}
