package io.redback.rdw.storage.crash;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.ProgressListener;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link LeftoversAfterAKillTest} kills, in a JVM of its own. Prints {@code WRITING <pid>} once the store has
 * taken {@code <pause>} bytes, then waits until its standard input closes (or it is killed), then prints
 * {@code DONE <key>}.
 * <ul>
 *   <li>{@code upload <warehouse> <file> <pause>}: uploads a local file to bronze, on the embedded warehouse;</li>
 *   <li>{@code stream <warehouse> <bytes> <pause>}: puts a generated stream in silver (rdw spools it first);</li>
 *   <li>{@code upload-configured <file> <pause>}: uploads a local file to bronze on the store the environment
 *   configures (S3);</li>
 *   <li>{@code open <warehouse>}: opens a client and closes it, as the next start of any rdw program does;
 *   {@code open-configured} does so on the store the environment configures.</li>
 * </ul>
 */
public final class UploadingChild {
    private UploadingChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long pid = ProcessHandle.current().pid();
        try (WarehouseClient dw = WarehouseClient.builder().config(config(mode, args)).build()) {
            ObjectInfo stored = switch (mode) {
                case "upload" -> dw.bucket(Layer.BRONZE).upload(Path.of(args[2]), "project1",
                        o -> o.progress(pauseAt(Long.parseLong(args[3]), pid)));
                case "stream" -> dw.bucket(Layer.SILVER).put("project1/2025/stream.bin",
                        generated(Long.parseLong(args[2])), o -> o.progress(pauseAt(Long.parseLong(args[3]), pid)));
                case "upload-configured" -> dw.bucket(Layer.BRONZE).upload(Path.of(args[1]), "project1",
                        o -> o.progress(pauseAt(Long.parseLong(args[2]), pid)));
                case "open", "open-configured" -> null;
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            System.out.println(stored == null ? "OPENED " + pid : "DONE " + stored.key());
        }
    }

    private static RdwConfig config(String mode, String[] args) {
        RdwConfig.Builder b = RdwConfig.builder().noFile();
        return mode.endsWith("-configured") ? b.build()
                : b.environment(Map.of()).warehouse(Path.of(args[1])).build();
    }

    /** Says it is writing once {@code at} bytes are stored, then waits for its standard input to close. */
    private static ProgressListener pauseAt(long at, long pid) {
        AtomicBoolean told = new AtomicBoolean();
        return p -> {
            if (p.done() >= at && told.compareAndSet(false, true)) {
                System.out.println("WRITING " + pid);
                System.out.flush();
                try {
                    while (System.in.read() >= 0) {
                        // until the parent closes it
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
    }

    /** {@code size} bytes of generated content. */
    private static InputStream generated(long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) ('a' + (left % 26)));
                left -= n;
                return n;
            }
        };
    }
}
