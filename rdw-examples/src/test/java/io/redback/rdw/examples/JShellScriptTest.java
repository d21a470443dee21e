package io.redback.rdw.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the JShell script as a user would, with the jshell of this JDK and rdw on the class path. */
class JShellScriptTest {
    @TempDir
    Path dir;

    @Test
    void runsTheQuickstartScriptInJShell() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        String classPath = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
        Path script = Path.of("src", "main", "jshell", "quickstart.jsh").toAbsolutePath();
        Path output = dir.resolve("out.txt");
        Path emptyConfig = Files.writeString(dir.resolve("config.properties"), "");

        ProcessBuilder pb = new ProcessBuilder(List.of(jshell.toString(), "--class-path", classPath,
                "-R-Xmx512m", script.toString()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RDW_") || k.startsWith("MINIO_") || k.startsWith("AWS_")
                || k.startsWith("DREMIO_") || k.startsWith("BRONZE_"));
        env.put("RDW_WAREHOUSE", dir.resolve("wh").toString());
        env.put("RDW_CONFIG", emptyConfig.toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(done).as("jshell finished; output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("|  Exception", "|  Error", "cannot find symbol");
        assertThat(out).containsPattern("bronze: project1/\\d{4}/t1_rides/rides\\d*_\\d{8}T\\d{9}Z\\.csv");
        assertThat(out).containsPattern("silver: project1/.*_processed\\.parquet");
        assertThat(out).contains("device_type | rides", "garmin      |     2", "wahoo       |     1", "(2 rows)");
        assertThat(out).contains("provenance: object:derived", "provenance: file:uploaded");
        assertThat(dir.resolve("wh").resolve("dw-bucket-silver").resolve("project1")).isDirectory();
    }
}
