package io.redback.rdw.stream.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A one-shot MQTT 3.1.1 client for the health check: it connects (plain or TLS), sends CONNECT, reads the CONNACK and,
 * when the broker accepted, says DISCONNECT. Nothing is published or subscribed. The whole exchange must end within
 * the settings' timeout. The password goes into the CONNECT packet only, never into a message.
 */
final class MqttProbe {
    /** CONNACK return code 0: connection accepted. */
    static final int ACCEPTED = 0;
    /** The keep-alive the CONNECT announces, in seconds; the probe is gone long before it matters. */
    static final int KEEP_ALIVE_SECONDS = 10;

    private static final int CONNECT = 0x10;
    private static final int CONNACK = 0x20;
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};
    private static final int PROTOCOL_LEVEL = 4; // MQTT 3.1.1
    private static final int CLEAN_SESSION = 0x02;
    private static final int PASSWORD_FLAG = 0x40;
    private static final int USERNAME_FLAG = 0x80;
    /** The largest remaining length four bytes of variable-length encoding can hold (MQTT 3.1.1, 2.2.3). */
    static final int MAX_REMAINING_LENGTH = 268_435_455;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The broker's answer was not the CONNACK MQTT 3.1.1 prescribes: the peer is probably no MQTT broker. */
    static final class NotMqttException extends IOException {
        NotMqttException(String message) {
            super(message);
        }
    }

    private MqttProbe() {
    }

    /**
     * Connects to the broker and returns the CONNACK's return code ({@link #ACCEPTED} or a refusal).
     *
     * @throws NotMqttException when the peer answers something else than a CONNACK
     * @throws IOException      when the broker cannot be reached or does not answer in time
     */
    static int connect(MqttSettings settings, String clientId) throws IOException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        Socket plain = new Socket();
        try (Socket socket = open(plain, settings, deadline)) {
            byte[] connect = connectPacket(clientId, settings);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(connect);
                out.flush();
            } finally {
                Arrays.fill(connect, (byte) 0); // the packet holds the password
            }
            socket.setSoTimeout(millisLeft(settings, deadline));
            int code = connack(socket.getInputStream());
            if (code == ACCEPTED) {
                disconnect(out);
            }
            return code;
        } finally {
            plain.close();
        }
    }

    /** A client id MQTT 3.1.1 servers accept (at most 23 characters): {@code rdw-doctor-} and 12 random hex digits. */
    static String newClientId() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return "rdw-doctor-" + HexFormat.of().formatHex(random);
    }

    private static Socket open(Socket plain, MqttSettings settings, long deadline) throws IOException {
        plain.connect(new InetSocketAddress(settings.host(), settings.port()), millisLeft(settings, deadline));
        plain.setSoTimeout(millisLeft(settings, deadline));
        plain.setTcpNoDelay(true);
        if (settings.transport() == MqttSettings.Transport.PLAIN) {
            return plain;
        }
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, settings.host(), settings.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(millisLeft(settings, deadline));
        try {
            tls.startHandshake();
        } catch (SSLException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // a plain listener resets or closes the connection: that is a failed handshake, not an unreachable broker
            throw new SSLException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        return tls;
    }

    /** What is left of the time allowed, for a socket timeout (where 0 would mean for ever). */
    private static int millisLeft(MqttSettings settings, long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left < 1) {
            throw new SocketTimeoutException("no answer within " + settings.timeout().toMillis() + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /**
     * The CONNECT packet (MQTT 3.1.1, 3.1): protocol name "MQTT", level 4, a clean session, a keep-alive of
     * {@link #KEEP_ALIVE_SECONDS}, the client id, and the user name and password when they are set.
     */
    static byte[] connectPacket(String clientId, MqttSettings settings) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeField(body, "MQTT".getBytes(StandardCharsets.UTF_8));
        body.write(PROTOCOL_LEVEL);
        int flags = CLEAN_SESSION;
        if (settings.username() != null) {
            flags |= USERNAME_FLAG;
            if (settings.password() != null) {
                flags |= PASSWORD_FLAG; // only with a user name (3.1.2.9)
            }
        }
        body.write(flags);
        body.write(KEEP_ALIVE_SECONDS >> 8);
        body.write(KEEP_ALIVE_SECONDS & 0xFF);
        writeField(body, clientId.getBytes(StandardCharsets.UTF_8));
        if (settings.username() != null) {
            writeField(body, settings.username().getBytes(StandardCharsets.UTF_8));
            if (settings.password() != null) {
                writeField(body, settings.password().reveal().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] rest = body.toByteArray();
        ByteArrayOutputStream packet = new ByteArrayOutputStream(rest.length + 5);
        packet.write(CONNECT);
        packet.writeBytes(remainingLength(rest.length));
        packet.writeBytes(rest);
        Arrays.fill(rest, (byte) 0);
        return packet.toByteArray();
    }

    /** A string or binary field: its length as two bytes, big-endian, then its bytes (MQTT 3.1.1, 1.5.3). */
    private static void writeField(ByteArrayOutputStream out, byte[] bytes) {
        if (bytes.length > MqttSettings.MAX_FIELD) {
            throw new IllegalArgumentException("an MQTT field is at most " + MqttSettings.MAX_FIELD + " bytes, not "
                    + bytes.length);
        }
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }

    /**
     * The remaining length in MQTT's variable-length encoding (3.1.1, 2.2.3): seven bits a byte, least significant
     * first, the top bit set on every byte but the last; one to four bytes.
     */
    static byte[] remainingLength(int length) {
        if (length < 0 || length > MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("an MQTT remaining length is 0 to " + MAX_REMAINING_LENGTH + ", not "
                    + length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        int left = length;
        do {
            int digit = left % 128;
            left /= 128;
            out.write(left > 0 ? digit | 0x80 : digit);
        } while (left > 0);
        return out.toByteArray();
    }

    /** Reads the CONNACK (0x20, remaining length 2, acknowledge flags, return code) and returns its return code. */
    static int connack(InputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new NotMqttException("closed the connection without answering CONNECT");
        }
        if (type != CONNACK) {
            throw new NotMqttException(String.format("answered CONNECT with a packet of type 0x%02x, not a CONNACK", type));
        }
        byte[] rest = in.readNBytes(3);
        if (rest.length < 3) {
            throw new NotMqttException("closed the connection in the middle of its CONNACK");
        }
        if (rest[0] != 0x02) {
            throw new NotMqttException("sent a CONNACK of remaining length " + (rest[0] & 0xFF) + ", not 2");
        }
        return rest[2] & 0xFF;
    }

    private static void disconnect(OutputStream out) {
        try {
            out.write(DISCONNECT);
            out.flush();
        } catch (IOException e) {
            // the broker accepted the connection, which is all the check asks; it drops it on its own
        }
    }

    /** What a refused connection's return code means, and what to do about it. */
    static String refusal(int code, MqttSettings settings) {
        return switch (code) {
            case 1 -> "unacceptable protocol version (return code 1): the broker does not speak MQTT 3.1.1; enable it "
                    + "there";
            case 2 -> "identifier rejected (return code 2): the broker does not accept client ids such as rdw-doctor-..."
                    + "; check its client id restrictions (Mosquitto: clientid_prefixes)";
            case 3 -> "server unavailable (return code 3): the broker is up but its MQTT service is not; check its log";
            case 4 -> "bad user name or password (return code 4): check " + MqttSettings.CREDENTIAL_KEYS;
            case 5 -> "not authorized (return code 5): " + (settings.username() == null
                    ? "the broker does not accept anonymous clients; set " + MqttSettings.CREDENTIAL_KEYS
                    : "check " + MqttSettings.CREDENTIAL_KEYS + ", and that the broker lets this user connect");
            default -> "return code " + code + ", which MQTT 3.1.1 does not define";
        };
    }
}
