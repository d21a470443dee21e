package io.redback.rdw.jupyter.kernel;

import com.google.gson.Gson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian's Jupyter, for the kernel's tests: a kernelspec that runs this test's class path, and Jupyter's commands. */
final class TestJupyter {
    private TestJupyter() {
    }

    /** Writes the kernelspec {@code rdw} under {@code root/jupyter}, its kernel on the embedded warehouse {@code warehouse}. */
    static void kernelspec(Path root, Path warehouse) throws IOException {
        Path spec = Files.createDirectories(root.resolve("jupyter/kernels/rdw"));
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drdw.warehouse=" + warehouse, "-cp", System.getProperty("java.class.path"),
                KernelMain.class.getName(), "{connection_file}");
        Files.writeString(spec.resolve("kernel.json"), new Gson().toJson(Map.of("argv", argv, "display_name", "Java (rdw)",
                "language", "java", "interrupt_mode", "message")));
    }

    /** Runs a Jupyter command with the kernelspecs under {@code root/jupyter}; it must succeed within 5 minutes. */
    static void run(Path root, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", root.resolve("jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", root.resolve("runtime").toString());
        pb.environment().put("JUPYTER_PLATFORM_DIRS", "1");
        Process p = pb.start();
        byte[] log = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(log, StandardCharsets.UTF_8)).isZero();
    }
}
