package io.redback.rdw.admin.clamd;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Hashing;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Uploading a file with clamd scanning against without (bench/upload-scan.sh runs it; issue 13). Modes:
 * <ul>
 * <li>{@code clamd FOLDER PORT_FILE}: starts a real clamd ({@link TestClamd}: the EICAR-only database) whose limits
 * (StreamMaxLength, MaxFileSize, MaxScanSize) are 2000M, clamd's design limit, writes its port and runs until
 * stopped, stopping clamd with it;</li>
 * <li>{@code plain FILE SHA256 WAREHOUSE}: an rdw upload to an embedded warehouse, no scanner;</li>
 * <li>{@code scan FILE SHA256 WAREHOUSE PORT_FILE}: the same upload, scanned by that clamd over TCP;</li>
 * <li>{@code clamd-alone FILE PORT_FILE}: the file streamed to clamd's {@code zINSTREAM} by a minimal client, in 64 KiB
 * chunks as rdw sends them: what clamd itself needs, the floor of any scanned upload.</li>
 * </ul>
 * Each measured run prints one JSON line (seconds, MiB/s, peak heap). An rdw run reads the stored object back (not
 * timed) and fails unless its SHA-256 is the file's; the clamd-alone run fails unless clamd answers {@code stream: OK}.
 */
public final class ScanBenchmark {
    /** clamd cannot scan more than 2 GB; its limits are set just below. */
    static final String CLAMD_LIMIT = "2000M";

    private ScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "clamd" -> clamd(Path.of(args[1]), Path.of(args[2]));
            case "plain" -> upload("plain", Path.of(args[1]), args[2], Path.of(args[3]), Map.of());
            case "scan" -> upload("scan", Path.of(args[1]), args[2], Path.of(args[3]), Map.of(
                    "CLAMD_HOST", "127.0.0.1", "CLAMD_PORT", Integer.toString(port(args[4])),
                    "RDW_CLAMD_MAX_STREAM", CLAMD_LIMIT.replace("M", "MB"), "RDW_CLAMD_TIMEOUT", "600s"));
            case "clamd-alone" -> clamdAlone(Path.of(args[1]), port(args[2]));
            default -> throw new IllegalArgumentException("mode: clamd | plain | scan | clamd-alone");
        }
    }

    private static int port(String file) throws IOException {
        return Integer.parseInt(Files.readString(Path.of(file)).trim());
    }

    static void clamd(Path folder, Path portFile) throws Exception {
        TestClamd clamd = TestClamd.start(Files.createDirectories(folder), CLAMD_LIMIT, "MaxFileSize " + CLAMD_LIMIT,
                "MaxScanSize " + CLAMD_LIMIT, "MaxScanTime 0", "ReadTimeout 600", "CommandReadTimeout 600",
                "TemporaryDirectory " + Files.createDirectories(folder.resolve("tmp")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                clamd.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Files.writeString(portFile, Integer.toString(clamd.port()));
        Thread.sleep(Long.MAX_VALUE);
    }

    static void upload(String mode, Path file, String sha256, Path warehouse, Map<String, String> environment)
            throws IOException {
        Map<String, String> env = new HashMap<>(environment);
        RdwConfig config = RdwConfig.builder().noFile().environment(env).systemProperties(new Properties())
                .warehouse(warehouse).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            long start = System.nanoTime();
            ObjectInfo stored = dw.bucket(Layer.BRONZE).upload(file, "bench");
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = peakHeap();
            String got;
            try (InputStream in = dw.bucket(Layer.BRONZE).open(stored.ref().key())) {
                got = Hashing.sha256(in);
            }
            if (!got.equals(sha256)) {
                throw new AssertionError(mode + ": the stored object's SHA-256 " + got + " is not the file's " + sha256);
            }
            print(mode, Files.size(file), seconds, peak, "\"sha256_ok\":true");
        }
    }

    static void clamdAlone(Path file, int port) throws IOException {
        byte[] chunk = new byte[ClamdScan.CHUNK];
        long start = System.nanoTime();
        String answer;
        try (Socket socket = new Socket(); InputStream in = Files.newInputStream(file)) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            for (int n; (n = in.readNBytes(chunk, 0, chunk.length)) > 0; ) {
                out.writeInt(n);
                out.write(chunk, 0, n);
            }
            out.writeInt(0);
            out.flush();
            byte[] reply = socket.getInputStream().readAllBytes();
            int end = reply.length;
            while (end > 0 && (reply[end - 1] == 0 || reply[end - 1] == '\n')) {
                end--;
            }
            answer = new String(reply, 0, end, StandardCharsets.US_ASCII);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!answer.equals("stream: OK")) {
            throw new AssertionError("clamd answered '" + answer + "', not 'stream: OK'");
        }
        print("clamd-alone", Files.size(file), seconds, peakHeap(), "\"answer\":\"stream: OK\"");
    }

    /** The sum of the heap pools' peak usage since the JVM started. */
    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static void print(String mode, long bytes, double seconds, long peakHeap, String check) {
        System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"bytes\":%d,\"seconds\":%.3f,\"mib_per_s\":%.1f,"
                        + "\"peak_heap_mib\":%d,\"max_heap_mib\":%d,%s}%n", mode, bytes, seconds,
                (bytes / 1048576.0) / seconds, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, check);
    }
}
