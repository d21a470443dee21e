package io.redback.rdw.stream.mqtt;

import io.redback.rdw.tck.InteropClients;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto for the tests: Debian's {@code /usr/sbin/mosquitto} on a free loopback port with a config file of
 * its own in a folder, anonymous or with one user in a password file made by {@code mosquitto_passwd}; ready once its
 * port accepts connections. Skipped when Mosquitto is not installed, unless {@code RDW_REQUIRE_INTEROP_CLIENTS=1}
 * (CI, which installs it), where that fails the test. Public for the tests of other modules (rdw-cli), through
 * rdw-stream's test-jar.
 */
public final class TestMosquitto implements AutoCloseable {
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path folder;
    private final int port;
    private final Path conf;
    private Process process;

    private TestMosquitto(Path folder, int port, Path conf) {
        this.folder = folder;
        this.port = port;
        this.conf = conf;
    }

    /** A broker that lets anyone connect, and forgets everything when it stops. */
    public static TestMosquitto anonymous(Path folder) throws IOException, InterruptedException {
        return start(folder, List.of("allow_anonymous true", "persistence false"));
    }

    /** A broker that lets anyone connect and keeps its sessions and messages in the folder across a {@link #restart()}. */
    public static TestMosquitto persistent(Path folder) throws IOException, InterruptedException {
        return start(folder, List.of("allow_anonymous true", "persistence true",
                "persistence_location " + folder.toAbsolutePath() + "/"));
    }

    /** A broker that lets only {@code user} with {@code password} connect. */
    public static TestMosquitto withUser(Path folder, String user, String password) throws IOException, InterruptedException {
        require(MOSQUITTO_PASSWD);
        Path passwords = folder.resolve("passwords");
        // the password is an argument, never printed: the output goes to a file
        Process p = new ProcessBuilder(MOSQUITTO_PASSWD.toString(), "-b", "-c", passwords.toString(), user, password)
                .redirectErrorStream(true).redirectOutput(folder.resolve("mosquitto_passwd.out").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("mosquitto_passwd failed: " + read(folder.resolve("mosquitto_passwd.out")));
        }
        return start(folder, List.of("allow_anonymous false", "password_file " + passwords, "persistence false"));
    }

    private static TestMosquitto start(Path folder, List<String> settings) throws IOException, InterruptedException {
        require(MOSQUITTO);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        List<String> lines = new ArrayList<>(List.of("listener " + port + " 127.0.0.1",
                // run as root, Mosquitto would switch to user mosquitto, who cannot read this folder
                "user " + System.getProperty("user.name"),
                // Mosquitto's defaults (20 in flight, 1000 queued a client) stall a batch of unacknowledged messages
                "max_inflight_messages 65535", "max_queued_messages 0"));
        lines.addAll(settings);
        Path conf = Files.writeString(folder.resolve("mosquitto.conf"), String.join("\n", lines) + "\n");
        TestMosquitto broker = new TestMosquitto(folder, port, conf);
        broker.launch();
        return broker;
    }

    private void launch() throws IOException, InterruptedException {
        process = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("mosquitto.out").toFile())).start();
        awaitPort();
    }

    /** Stops the broker (it saves what it keeps, when persistent) and starts it again on the same port. */
    public void restart() throws IOException, InterruptedException {
        close();
        launch();
    }

    /** Returns when {@code binary} is installed; else skips the test (or fails it in CI), naming the package. */
    static void require(Path binary) {
        InteropClients.requireServer(binary, "apt-get install mosquitto");
    }

    private void awaitPort() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto stopped on start: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        close();
        throw new IllegalStateException("mosquitto did not open port " + port + ": " + log());
    }

    public String log() throws IOException {
        return read(folder.resolve("mosquitto.out"));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(no output)";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
