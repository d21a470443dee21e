package io.redback.rdw.cli;

import io.redback.rdw.tck.InteropClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw kernel install: a kernelspec Jupyter lists, whose kernel runs this rdw. */
class KernelCommandTest {
    @TempDir
    Path dir;

    @Test
    void installsAKernelspecThatJupyterLists() throws Exception {
        InteropClients.require("jupyter", "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path prefix = dir.resolve("env");

        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "--warehouse", dir.resolve("dw").toString(),
                "kernel", "install", "--prefix", prefix.toString(), "--name", "rdw-test");

        assertThat(code).as(err.toString()).isZero();
        Path spec = prefix.resolve("share/jupyter/kernels/rdw-test");
        assertThat(out.toString()).contains("rdw-test").contains(spec.toString());
        String json = Files.readString(spec.resolve("kernel.json"));
        assertThat(json).contains("\"display_name\": \"Java (rdw)\"", "\"interrupt_mode\": \"message\"",
                "\"io.redback.rdw.jupyter.kernel.KernelMain\", \"{connection_file}\"]",
                "\"-Drdw.warehouse=" + dir.resolve("dw").toAbsolutePath() + "\"");

        ProcessBuilder list = new ProcessBuilder("jupyter", "kernelspec", "list", "--json").redirectErrorStream(true);
        list.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        Process p = list.start();
        String listed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(listed).contains("\"rdw-test\"").contains(spec.toString()).contains("Java (rdw)");
    }

    @Test
    void theKernelRunsThisJavaWithRdwsClassPath() {
        var argv = KernelCommand.argv(io.redback.rdw.RdwConfig.builder().noFile().environment(Map.of()).build());
        assertThat(argv.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classPath = argv.get(argv.indexOf("-cp") + 1);
        assertThat(classPath.split(java.io.File.pathSeparator)).anySatisfy(e -> assertThat(e).contains("rdw-jupyter"));
        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly(KernelCommand.KERNEL_MAIN, "{connection_file}");
    }

    @Test
    void withoutJupyterTheSpecGoesToTheJupyterDataFolder() {
        assertThat(KernelCommand.dataDir(Map.of("JUPYTER_DATA_DIR", "/data/jupyter"), Path.of("/home/u")))
                .isEqualTo(Path.of("/data/jupyter"));
        assertThat(KernelCommand.dataDir(Map.of(), Path.of("/home/u"))).isEqualTo(Path.of("/home/u/.local/share/jupyter"));
        assertThat(KernelCommand.onPath("no-such-command-anywhere", System.getenv("PATH"))).isEmpty();
    }
}
