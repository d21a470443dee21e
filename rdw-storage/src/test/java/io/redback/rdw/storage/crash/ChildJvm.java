package io.redback.rdw.storage.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A main class of the tests in a JVM of its own, with a system temporary folder of its own and no rdw settings from
 * this environment, for tests that kill a process mid-way and look at what it left. It prints what it is doing; the
 * test waits for those lines, never for a time.
 */
public final class ChildJvm implements AutoCloseable {
    private static final long WAIT_SECONDS = 120;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                output.append("(output ended: ").append(e).append(")\n");
            }
        }, "child-jvm-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} with {@code args}; {@code java.io.tmpdir} is {@code systemTmp}, and the environment holds
     * {@code env} and no rdw, S3, Dremio or MongoDB setting of this one.
     */
    public static ChildJvm start(Path systemTmp, Map<String, String> env, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + Files.createDirectories(systemTmp),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> Stream.of("RDW_", "AWS_", "MINIO_", "BRONZE_", "DREMIO_", "MONGO_", "DB_NAME",
                "COLLECTION_NAME").anyMatch(k::startsWith));
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until the child prints a line starting with {@code prefix}, and returns it. */
    public String await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            } else if (!process.isAlive()) {
                reader.join(TimeUnit.SECONDS.toMillis(10));
                for (String rest; (rest = lines.poll()) != null; ) {
                    if (rest.startsWith(prefix)) {
                        return rest;
                    }
                }
                throw new AssertionError("the child ended (exit " + process.exitValue() + ") without printing '" + prefix
                        + "'; its output:\n" + output);
            }
        }
        throw new AssertionError("the child did not print '" + prefix + "' within " + WAIT_SECONDS + " s; its output:\n" + output);
    }

    /** Kills the child as the OS would (no shutdown hook, no finally block runs) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + pid() + " did not end after it was killed");
        }
    }

    /** Closes the child's standard input: a child that waits for it goes on. */
    public void proceed() throws IOException {
        process.getOutputStream().close();
    }

    /** Waits until the child ends and all it printed is read; its exit code. */
    public int waitFor() throws InterruptedException {
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not end within " + WAIT_SECONDS + " s; its output:\n" + output);
        }
        reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return process.exitValue();
    }

    /** Runs a child to its end and checks that it succeeded. */
    public static String run(Path systemTmp, Map<String, String> env, Class<?> main, String... args) throws Exception {
        try (ChildJvm child = start(systemTmp, env, main, args)) {
            child.proceed();
            int exit = child.waitFor();
            if (exit != 0) {
                throw new AssertionError(main.getSimpleName() + " " + String.join(" ", args) + " failed (exit " + exit
                        + "); its output:\n" + child.output);
            }
            return child.output.toString();
        }
    }

    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
