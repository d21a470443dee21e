package io.redback.rdw.admin.clamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection to clamd, over TCP or its unix socket, speaking its null-terminated ({@code z}) commands. Every
 * blocking step (a write, the wait for an answer) is guarded by the timeout: a watchdog closes the connection when a
 * step takes longer, which ends the step with an {@link InterruptedIOException}.
 */
final class ClamdConnection implements AutoCloseable {
    private final AutoCloseable channel;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean timedOut = new AtomicBoolean();

    private ClamdConnection(AutoCloseable channel, InputStream in, OutputStream out, Duration timeout,
                            ScheduledExecutorService watchdog) {
        this.channel = channel;
        this.in = in;
        this.out = out;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    static ClamdConnection open(ClamdSettings settings, ScheduledExecutorService watchdog) throws IOException {
        if (settings.socket().isPresent()) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(settings.socket().get()));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return new ClamdConnection(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel),
                    settings.timeout(), watchdog);
        }
        Socket socket = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), millis);
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            return new ClamdConnection(socket, socket.getInputStream(), socket.getOutputStream(), settings.timeout(),
                    watchdog);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a command such as {@code PING}, null-terminated. */
    void command(String command) throws IOException {
        write(("z" + command + "\0").getBytes(StandardCharsets.US_ASCII), 0, command.length() + 2);
    }

    /** Sends one INSTREAM chunk: its length as 4 bytes, big-endian, then the bytes. A length of 0 ends the stream. */
    void chunk(byte[] bytes, int offset, int length) throws IOException {
        byte[] prefix = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        write(prefix, 0, 4);
        if (length > 0) {
            write(bytes, offset, length);
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        ScheduledFuture<?> guard = guard();
        try {
            out.write(bytes, offset, length);
            out.flush();
        } catch (IOException e) {
            throw timedOut.get() ? timeout(e) : e;
        } finally {
            guard.cancel(false);
        }
    }

    /** Reads the answer up to its terminating null byte (or the end of the connection). */
    String answer() throws IOException {
        ScheduledFuture<?> guard = guard();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b > 0; b = in.read()) {
                if (answer.size() < 4096) {
                    answer.write(b);
                }
            }
        } catch (IOException e) {
            throw timedOut.get() || e instanceof InterruptedIOException ? timeout(e) : e;
        } finally {
            guard.cancel(false);
        }
        return answer.toString(StandardCharsets.UTF_8).trim();
    }

    private ScheduledFuture<?> guard() {
        return watchdog.schedule(() -> {
            timedOut.set(true);
            close();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private InterruptedIOException timeout(IOException cause) {
        InterruptedIOException e = new InterruptedIOException("no answer within " + timeout.toSeconds() + " s");
        e.initCause(cause);
        return e;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (Exception e) {
            // closing a connection that failed: nothing more to do
        }
    }
}
