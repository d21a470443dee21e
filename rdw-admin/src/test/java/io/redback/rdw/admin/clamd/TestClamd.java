package io.redback.rdw.admin.clamd;

import io.redback.rdw.tck.InteropClients;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real clamd for the tests: a clamd.conf and a one-signature database (the EICAR test file, as an {@code .ndb} line)
 * in a folder, clamd started on a free loopback TCP port and a unix socket, ready once it answers PING. Skipped when
 * clamd is not installed, unless {@code RDW_REQUIRE_INTEROP_CLIENTS=1} (CI), where that fails the test.
 */
public final class TestClamd implements AutoCloseable {
    static final Path CLAMD = Path.of("/usr/sbin/clamd");
    /** The signature name the database gives the EICAR test file; clamd adds {@code .UNOFFICIAL}. */
    public static final String SIGNATURE = "Eicar-Test-Signature";
    public static final String FOUND = SIGNATURE + ".UNOFFICIAL";

    private final Path folder;
    private final int port;
    private Process process;

    private TestClamd(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /**
     * The EICAR anti-virus test file, put together at run time so that this source is not itself a test virus.
     */
    public static byte[] eicar() {
        String first = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
        String second = "EICAR-STANDARD-" + "ANTIVIRUS-TEST-FILE!$H+H*";
        return (first + second).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Starts clamd in {@code folder}, with {@code streamMaxLength} as its StreamMaxLength (e.g. {@code 200M}) and
     * {@code moreSettings} as further clamd.conf lines (e.g. {@code MaxFileSize 2000M}).
     */
    public static TestClamd start(Path folder, String streamMaxLength, String... moreSettings)
            throws IOException, InterruptedException {
        requireClamd();
        Path db = Files.createDirectories(folder.resolve("db"));
        Files.writeString(db.resolve("rdw-test.ndb"), SIGNATURE + ":0:*:" + HexFormat.of().formatHex(eicar()) + "\n");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path conf = folder.resolve("clamd.conf");
        Files.writeString(conf, String.join("\n",
                "Foreground yes",
                "DatabaseDirectory " + db,
                "TCPSocket " + port,
                "TCPAddr 127.0.0.1",
                "LocalSocket " + folder.resolve("clamd.sock"),
                "StreamMaxLength " + streamMaxLength,
                "LogFile " + folder.resolve("clamd.log"),
                "PidFile " + folder.resolve("clamd.pid"),
                "SelfCheck 3600",
                String.join("\n", moreSettings),
                "") + "\n");
        Process p = new ProcessBuilder(CLAMD.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(folder.resolve("clamd.out").toFile()).start();
        TestClamd clamd = new TestClamd(folder, port, p);
        clamd.awaitPong();
        return clamd;
    }

    static void requireClamd() {
        InteropClients.requireServer(CLAMD, "apt-get install clamav-daemon");
    }

    private void awaitPong() throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 600; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clamd stopped on start: " + log());
            }
            if (pings()) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        close();
        throw new IllegalStateException("clamd did not answer PING: " + log());
    }

    private boolean pings() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    String log() throws IOException {
        Path out = folder.resolve("clamd.out");
        return Files.exists(out) ? Files.readString(out) : "(no output)";
    }

    int port() {
        return port;
    }

    Path socket() {
        return folder.resolve("clamd.sock");
    }

    /** The environment that points rdw at this clamd over TCP. */
    public Map<String, String> tcpEnvironment() {
        return Map.of("CLAMD_HOST", "127.0.0.1", "CLAMD_PORT", Integer.toString(port));
    }

    /** Kills clamd at once (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
