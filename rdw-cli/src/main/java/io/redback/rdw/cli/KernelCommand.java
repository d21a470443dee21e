package io.redback.rdw.cli;

import io.redback.rdw.RdwConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

@Command(name = "kernel", header = "Jupyter: install the rdw kernel (Java cells with rdw, %%sql cells).",
        mixinStandardHelpOptions = true, subcommands = KernelCommand.Install.class,
        description = {"The rdw kernel runs notebook cells as Java in JShell, with rdw on the class path and imported,",
                "and %%sql cells through the SELECT-only guard. See 'rdw kernel install --help'."})
final class KernelCommand {
    /** The kernel's entry point in rdw-jupyter; named, not referenced: the CLI does not need the kernel's classes. */
    static final String KERNEL_MAIN = "io.redback.rdw.jupyter.kernel.KernelMain";

    @ParentCommand
    RdwCommand root;

    @Command(name = "install", header = "Install the rdw kernel's kernelspec, so Jupyter offers 'Java (rdw)'.",
            mixinStandardHelpOptions = true,
            description = {"Writes a kernelspec whose kernel runs this rdw (its Java, its class path) and installs it with",
                    "'jupyter kernelspec install' when jupyter is on the PATH, else copies it into the Jupyter data folder",
                    "($JUPYTER_DATA_DIR, or ~/.local/share/jupyter). Settings of this command line (--warehouse) go",
                    "into the kernel's command line; others it reads as rdw always does."},
            footerHeading = "%nExamples:%n",
            footer = {"  rdw kernel install --user", "  rdw --warehouse /tmp/dw kernel install --user --name rdw-tmp",
                    "  rdw kernel install --prefix \"$VIRTUAL_ENV\""})
    static final class Install implements Callable<Integer> {
        @ParentCommand
        KernelCommand kernel;
        @Spec
        CommandSpec spec;

        @Option(names = "--user", description = "Install for the current user (jupyter's --user).")
        boolean user;
        @Option(names = "--prefix", paramLabel = "DIR", description = "Install under DIR/share/jupyter/kernels (a virtualenv's prefix).")
        Path prefix;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "rdw", description = "The kernelspec's name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = Files.createTempDirectory("rdw-kernelspec-").resolve(name);
            Files.createDirectories(folder);
            try {
                Files.writeString(folder.resolve("kernel.json"), kernelJson(argv(kernel.root.config())));
                Optional<Path> jupyter = onPath("jupyter", System.getenv("PATH"));
                if (jupyter.isEmpty()) {
                    Path target = copy(folder, prefix != null ? prefix.resolve("share/jupyter/kernels")
                            : dataDir(System.getenv(), Path.of(System.getProperty("user.home"))).resolve("kernels"));
                    out.println("jupyter is not on the PATH: copied the kernelspec '" + name + "' to " + target);
                    return 0;
                }
                return jupyterInstall(jupyter.get(), folder, out, spec.commandLine().getErr());
            } finally {
                deleteTree(folder.getParent());
            }
        }

        private int jupyterInstall(Path jupyter, Path folder, PrintWriter out, PrintWriter err)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(jupyter.toString(), "kernelspec", "install", "--replace", "--name", name));
            if (user) {
                command.add("--user");
            }
            if (prefix != null) {
                command.addAll(List.of("--prefix", prefix.toAbsolutePath().toString()));
            }
            command.add(folder.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int code = p.waitFor();
            if (code != 0) {
                err.println("rdw: " + String.join(" ", command) + " failed (exit " + code + "): " + said);
                return 1;
            }
            // jupyter says "Installed kernelspec rdw in /where"
            out.println(said.lines().filter(l -> l.contains("Installed kernelspec")).findFirst().orElse(said));
            return 0;
        }

        private Path copy(Path folder, Path kernels) throws IOException {
            Path target = kernels.resolve(name).toAbsolutePath();
            Files.createDirectories(target);
            Files.copy(folder.resolve("kernel.json"), target.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }

    /** The kernel's command line: this Java, this rdw's class path, the settings of this command line. */
    static List<String> argv(RdwConfig config) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", File.separatorChar == '\\' ? "java.exe" : "java").toString());
        argv.add(JShellCommand.ADD_OPENS);
        JShellCommand.commandLineSettings(config).forEach((k, v) -> argv.add("-D" + k + "=" + v));
        argv.add("-cp");
        argv.add(classPath());
        argv.add(KERNEL_MAIN);
        argv.add("{connection_file}");
        return argv;
    }

    /** The self-contained jar rdw runs from, when it does (it holds the kernel too); else rdw's class path. */
    static String classPath() {
        Optional<Path> jar = selfContainedJar();
        return jar.map(Path::toString).orElseGet(() ->
                String.join(File.pathSeparator, JShellCommand.classPath(System.getProperty("java.class.path", ""))));
    }

    private static Optional<Path> selfContainedJar() {
        try {
            Path location = Path.of(KernelCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                return Optional.empty();
            }
            try (JarFile jar = new JarFile(location.toFile())) {
                boolean hasKernel = jar.getEntry(KERNEL_MAIN.replace('.', '/') + ".class") != null;
                return hasKernel ? Optional.of(location.toAbsolutePath()) : Optional.empty();
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String kernelJson(List<String> argv) {
        return "{\n  \"argv\": [" + argv.stream().map(KernelCommand::json).collect(Collectors.joining(", "))
                + "],\n  \"display_name\": \"Java (rdw)\",\n  \"language\": \"java\",\n  \"interrupt_mode\": \"message\"\n}\n";
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** Jupyter's data folder: $JUPYTER_DATA_DIR, else ~/.local/share/jupyter (Jupyter's default on Linux). */
    static Path dataDir(Map<String, String> env, Path home) {
        String configured = env.get("JUPYTER_DATA_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : home.resolve(".local/share/jupyter");
    }

    static Optional<Path> onPath(String command, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Optional.of(Path.of(dir, command));
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
