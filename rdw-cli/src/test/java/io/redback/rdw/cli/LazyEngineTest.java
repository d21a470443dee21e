package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands that run no SQL never load DuckDB: its driver (and its 70 MB native library) is for the commands that
 * query. Each command runs in its own JVM with {@code -Xlog:class+load}, which names every class the JVM loads.
 */
class LazyEngineTest {
    @TempDir
    Path dir;

    @Test
    void commandsThatRunNoSqlLoadNoDuckDbClass() throws Exception {
        Path warehouse = dir.resolve("wh");
        Path csv = Files.writeString(dir.resolve("rides.csv"), "id,km\n1,2.5\n");
        assertThat(run("init", "--warehouse", warehouse.toString()).exit).isZero();

        for (String[] command : List.of(
                new String[] {"--version"},
                new String[] {"--help"},
                new String[] {"config"},
                new String[] {"upload", csv.toString(), "--project", "project1", "--task", "t1_rides",
                        "--warehouse", warehouse.toString()},
                new String[] {"ls", "bronze", "--project", "project1", "--warehouse", warehouse.toString()},
                new String[] {"provenance", "--warehouse", warehouse.toString()})) {
            Result r = run(command);

            assertThat(r.exit).as("rdw %s: %s", String.join(" ", command), r.output).isZero();
            assertThat(r.loaded()).as("the JVM logged the classes it loaded").contains("io.redback.rdw.cli.Main");
            assertThat(r.loaded()).as("rdw %s loads no DuckDB class", String.join(" ", command))
                    .noneMatch(c -> c.startsWith("org.duckdb."));
        }
    }

    @Test
    void aQueryDoesLoadTheDriver() throws Exception {
        Path warehouse = dir.resolve("wh");
        assertThat(run("init", "--warehouse", warehouse.toString()).exit).isZero();

        Result r = run("query", "--warehouse", warehouse.toString(), "SELECT 42 AS answer");

        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.loaded()).as("the check above would see the driver").contains("org.duckdb.DuckDBDriver");
    }

    private Result run(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path emptyConfig = Files.writeString(dir.resolve("config.properties"), "");
        Path output = dir.resolve("out-" + System.nanoTime() + ".txt");
        Path classes = dir.resolve("classes-" + System.nanoTime() + ".txt");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m",
                "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RDW_") || k.startsWith("MINIO_") || k.startsWith("AWS_")
                || k.startsWith("DREMIO_") || k.startsWith("BRONZE_") || k.startsWith("MONGO_")
                || k.startsWith("KAFKA_") || k.startsWith("POSTGRES_") || k.equals("DB_NAME"));
        env.put("RDW_CONFIG", emptyConfig.toString());
        env.put("RDW_WAREHOUSE", dir.resolve("default-warehouse").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
        Process p = pb.start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(done).as("rdw %s finished; output:%n%s", String.join(" ", args), out).isTrue();
        return new Result(p.exitValue(), out, Files.readAllLines(classes, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String output, List<String> log) {
        /** The class names of {@code [info][class,load] name source: ...} lines. */
        List<String> loaded() {
            return log.stream().map(l -> l.replaceFirst("^(\\[[^]]*])+\\s*", ""))
                    .map(l -> l.split(" ", 2)[0]).toList();
        }
    }
}
