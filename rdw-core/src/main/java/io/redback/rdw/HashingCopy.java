package io.redback.rdw;

import io.redback.rdw.helpers.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Copies a stream while computing its SHA-256, with the hashing and writing on a second thread so that they overlap
 * with reading from the network: verifying a download then costs little of its throughput.
 */
final class HashingCopy {
    private static final int BUFFER = 1 << 20;
    private static final int BUFFERS = 4;

    private HashingCopy() {
    }

    /** A filled buffer; a length of -1 marks the end. */
    private record Chunk(byte[] bytes, int length) {
    }

    static MessageDigest copy(InputStream in, OutputStream out) throws IOException {
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[BUFFER]);
        }
        MessageDigest digest = Hashing.sha256();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (Chunk c = full.take(); c.length() >= 0; c = full.take()) {
                    digest.update(c.bytes(), 0, c.length());
                    out.write(c.bytes(), 0, c.length());
                    free.add(c.bytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, task -> {
            Thread t = new Thread(task, "rdw-hash-and-write");
            t.setDaemon(true);
            t.start();
        });
        try {
            while (true) {
                byte[] buffer = take(free, writer);
                int n = in.readNBytes(buffer, 0, BUFFER);
                if (n > 0) {
                    full.put(new Chunk(buffer, n));
                }
                if (n < BUFFER) {
                    break;
                }
            }
            full.put(new Chunk(null, -1));
            writer.get();
            return digest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.cancel(true);
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(cause);
        } catch (IOException | RuntimeException e) {
            writer.cancel(true);
            throw e;
        }
    }

    /** A free buffer, or the writer's failure if it stopped. */
    private static byte[] take(BlockingQueue<byte[]> free, CompletableFuture<Void> writer)
            throws InterruptedException, ExecutionException {
        while (true) {
            byte[] b = free.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (b != null) {
                return b;
            }
            if (writer.isDone()) {
                writer.get(); // throws the writer's failure
                throw new IllegalStateException("the writer stopped");
            }
        }
    }
}
