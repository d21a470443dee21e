package io.redback.rdw.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** rdw jshell: a real subcommand that starts the JDK's JShell on the command's warehouse. */
class JShellCommandTest {
    @TempDir
    Path dir;

    @Test
    void isACommandOfRdwWithItsHelp() {
        StringWriter out = new StringWriter();
        assertThat(Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help")).isZero();
        assertThat(out.toString()).containsPattern("\\n  jshell\\s+JShell with rdw on the class path");

        StringWriter help = new StringWriter();
        assertThat(Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "jshell", "--help")).isZero();
        assertThat(help.toString()).contains("Usage: rdw jshell", "--warehouse=DIR", "[SCRIPT...]",
                "rdw jshell --warehouse /tmp/dw", "io.redback.rdw.*, io.redback.rdw.etl.* and io.redback.rdw.stream.* are imported");
    }

    /** As a user types it (the order that failed with "Unknown option: warehouse"), with a script on standard input. */
    @Test
    void runsAShellOnTheWarehouseOfItsCommandLine() throws Exception {
        Path warehouse = dir.resolve("wh");
        Path elsewhere = dir.resolve("configured-elsewhere");
        Path csv = Files.writeString(dir.resolve("rides.csv"), "ride,device\n1,garmin\n2,wahoo\n");
        Path script = Files.writeString(dir.resolve("in.jsh"), String.join("\n",
                "ObjectInfo o = Warehouse.bucket(\"bronze\").upload(java.nio.file.Path.of(\""
                        + csv.toString().replace("\\", "\\\\") + "\"), \"project1\");",
                "Warehouse.bucket(Layer.BRONZE).list(\"project1\").forEach(i -> System.out.println(\"listed: \" + i.key()));",
                "System.out.println(\"storage: \" + Warehouse.describe().get(\"storage\"));",
                "/exit", ""));

        Result r = run(script, "jshell", "--warehouse", warehouse.toString());

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("rdw ", " in JShell. The warehouse folder: " + warehouse.toAbsolutePath()
                + " (--warehouse)", "Backends: storage embedded");
        assertThat(r.out()).doesNotContain("|  Error", "|  Exception", "cannot find symbol", "Unknown option");
        assertThat(r.out()).containsPattern("listed: project1/\\d{4}/rides_\\d{8}T\\d{9}Z\\.csv");
        assertThat(r.out()).contains("storage: embedded:" + warehouse);
        try (var files = Files.walk(warehouse.resolve("dw-bucket-bronze"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))).singleElement().asString().startsWith("rides_").endsWith(".csv");
        }
        assertThat(elsewhere).doesNotExist();
    }

    @Test
    void runsScriptsGivenAsArgumentsAndPassesJShellOptionsAndItsExitCode() throws Exception {
        Path warehouse = dir.resolve("wh");
        Path script = Files.writeString(dir.resolve("count.jsh"), String.join("\n",
                "System.out.println(\"buckets: \" + Warehouse.bucket(\"silver\").name() + \" \" + Warehouse.bucket(\"bronze\").list().size());",
                "System.out.println(\"heap: \" + (Runtime.getRuntime().maxMemory() <= 300L * 1024 * 1024));",
                "/exit 3", ""));

        Result r = run(null, "--warehouse", warehouse.toString(), "jshell", "-R-Xmx256m", script.toString());

        assertThat(r.code()).as(r.out()).isEqualTo(3);
        assertThat(r.out()).contains("buckets: dw-bucket-silver 0", "heap: true").doesNotContain("in JShell. The warehouse");
        assertThat(warehouse.resolve("dw-bucket-bronze")).isDirectory();
    }

    @Test
    void spellsOutTheClassPathThatAJarsManifestNames() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path dependency = Files.writeString(lib.resolve("dep.jar"), "");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/dep.jar lib/missing.jar");
        Path jar = dir.resolve("app.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(os, manifest)) {
            // the manifest is all it holds
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));

        assertThat(JShellCommand.classPath(jar + File.pathSeparator + classes + File.pathSeparator + jar))
                .containsExactly(jar.toString(), dependency.toString(), classes.toString());
    }

    record Result(int code, String out) {
    }

    /** Runs the rdw command in its own JVM, with no rdw configuration from this machine. */
    private Result run(Path stdin, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path emptyConfig = Files.writeString(dir.resolve("config.properties"), "");
        Path output = dir.resolve("out-" + System.nanoTime() + ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("RDW_") || k.startsWith("MINIO_") || k.startsWith("AWS_")
                || k.startsWith("DREMIO_") || k.startsWith("BRONZE_") || k.startsWith("MONGO_")
                || k.equals("DB_NAME") || k.equals("COLLECTION_NAME"));
        env.put("RDW_CONFIG", emptyConfig.toString());
        env.put("RDW_WAREHOUSE", dir.resolve("configured-elsewhere").toString());
        pb.redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                        : ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
        Process p = pb.start();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(done).as("rdw jshell finished; output:%n%s", out).isTrue();
        return new Result(p.exitValue(), out);
    }
}
