package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperty;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.redback.rdw.helpers.Hashing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * One MQTT message as a line of a batch: a JSON record with the topic, the time received, the QoS, the retain flag,
 * the payload (JSON kept as JSON; anything else base64 with {@code "payload_base64": true}) and the MQTT 5
 * properties the message carried. A message that cannot be stored becomes a line of the batch's rejects instead,
 * with its reason. Both carry the message's fingerprint, by which a redelivery is recognised.
 */
final class MqttRecords {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a JSON object with a key twice would lose one value: such a payload is kept as bytes instead
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A message made into a line: a record to store, or a reject; {@code payloadBytes} counts toward a batch's size. */
    record Line(String json, boolean rejected, long fingerprint, int payloadBytes) {
    }

    private MqttRecords() {
    }

    /**
     * The message as a record or a reject; never throws, since a message left unacknowledged would hold back the
     * acknowledgement of every later one.
     */
    static Line of(Mqtt5Publish message, Instant received, int maxMessage) {
        try {
            return line(message, received, maxMessage);
        } catch (RuntimeException e) {
            byte[] payload = message.getPayloadAsBytes();
            return reject(message.getTopic().toString(), received, payload, fingerprint(message, payload),
                    "could not be made into a record: " + e);
        }
    }

    private static Line line(Mqtt5Publish message, Instant received, int maxMessage) {
        byte[] payload = message.getPayloadAsBytes();
        long fingerprint = fingerprint(message, payload);
        String topic = message.getTopic().toString();
        if (payload.length > maxMessage) {
            return reject(topic, received, payload, fingerprint, "payload of " + payload.length + " bytes is larger than "
                    + "the largest stored, " + maxMessage + " bytes (" + MqttSettings.MAX_MESSAGE.name() + ")");
        }
        boolean declaredText = message.getPayloadFormatIndicator().orElse(null) == Mqtt5PayloadFormatIndicator.UTF_8;
        if (declaredText && !utf8(payload)) {
            return reject(topic, received, payload, fingerprint, "payload is declared UTF-8 text (payload format "
                    + "indicator 1) but is not valid UTF-8");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("topic", topic);
            g.writeStringField("received", received.toString());
            g.writeNumberField("qos", message.getQos().getCode());
            g.writeBooleanField("retain", message.isRetain());
            String json = json(payload);
            g.writeFieldName("payload");
            if (json != null) {
                g.writeRawValue(json);
            } else {
                g.writeString(Base64.getEncoder().encodeToString(payload));
            }
            g.writeBooleanField("payload_base64", json == null);
            properties(g, message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Line(out.toString(StandardCharsets.UTF_8), false, fingerprint, payload.length);
    }

    private static Line reject(String topic, Instant received, byte[] payload, long fingerprint, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            MessageDigest sha = Hashing.sha256();
            sha.update(payload);
            g.writeStartObject();
            g.writeStringField("topic", topic);
            g.writeStringField("received", received.toString());
            g.writeNumberField("size", payload.length);
            g.writeStringField("sha256", Hashing.hex(sha));
            g.writeStringField("reason", reason);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Line(out.toString(StandardCharsets.UTF_8), true, fingerprint, 0);
    }

    /** The payload as compact JSON, or {@code null} when it is not one JSON value in UTF-8. */
    private static String json(byte[] payload) {
        if (payload.length == 0) {
            return null;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            if (p.nextToken() == null) {
                return null;
            }
            String compact = compact(p);
            return p.nextToken() == null ? compact : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The value at the parser's current token as compact JSON, its numbers exactly as written ({@code 21.50},
     * {@code -0.0}, {@code 1e5}), which a tree of parsed numbers would not keep; the parser ends on the value's last
     * token.
     */
    static String compact(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            int depth = 0;
            do {
                JsonToken t = p.currentToken();
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    g.writeNumber(p.getText());
                } else {
                    g.copyCurrentEvent(p);
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
            } while (depth > 0 && p.nextToken() != null);
        }
        return out.toString();
    }

    private static void properties(JsonGenerator g, Mqtt5Publish message) throws IOException {
        List<? extends Mqtt5UserProperty> user = message.getUserProperties().asList();
        boolean any = message.getPayloadFormatIndicator().isPresent() || message.getContentType().isPresent()
                || message.getResponseTopic().isPresent() || message.getCorrelationData().isPresent()
                || message.getMessageExpiryInterval().isPresent() || !user.isEmpty();
        if (!any) {
            return;
        }
        g.writeObjectFieldStart("properties");
        if (message.getPayloadFormatIndicator().isPresent()) {
            g.writeStringField("payload_format", message.getPayloadFormatIndicator().get()
                    == Mqtt5PayloadFormatIndicator.UTF_8 ? "utf-8" : "unspecified");
        }
        if (message.getContentType().isPresent()) {
            g.writeStringField("content_type", message.getContentType().get().toString());
        }
        if (message.getResponseTopic().isPresent()) {
            g.writeStringField("response_topic", message.getResponseTopic().get().toString());
        }
        if (message.getCorrelationData().isPresent()) {
            g.writeStringField("correlation_data", Base64.getEncoder().encodeToString(bytes(message.getCorrelationData().get())));
        }
        if (message.getMessageExpiryInterval().isPresent()) {
            g.writeNumberField("message_expiry", message.getMessageExpiryInterval().getAsLong());
        }
        if (!user.isEmpty()) {
            g.writeArrayFieldStart("user_properties");
            for (Mqtt5UserProperty p : user) {
                g.writeStartObject();
                g.writeStringField("name", p.getName().toString());
                g.writeStringField("value", p.getValue().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * What makes a message the same message when the broker sends it again: its topic, payload and the properties a
     * broker passes on unchanged (not the expiry, which counts down, nor the retain flag or QoS of the delivery). The
     * first 8 bytes of a SHA-256 over them.
     */
    static long fingerprint(Mqtt5Publish message, byte[] payload) {
        MessageDigest sha = Hashing.sha256();
        field(sha, message.getTopic().toString().getBytes(StandardCharsets.UTF_8));
        field(sha, payload);
        field(sha, message.getPayloadFormatIndicator().map(Enum::name).orElse("").getBytes(StandardCharsets.UTF_8));
        field(sha, message.getContentType().map(Object::toString).orElse("").getBytes(StandardCharsets.UTF_8));
        field(sha, message.getResponseTopic().map(Object::toString).orElse("").getBytes(StandardCharsets.UTF_8));
        field(sha, message.getCorrelationData().map(MqttRecords::bytes).orElse(new byte[0]));
        for (Mqtt5UserProperty p : message.getUserProperties().asList()) {
            field(sha, p.getName().toString().getBytes(StandardCharsets.UTF_8));
            field(sha, p.getValue().toString().getBytes(StandardCharsets.UTF_8));
        }
        return ByteBuffer.wrap(sha.digest()).getLong();
    }

    /** A field with its length first, so that two fields never read as one. */
    private static void field(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    static String hex(long fingerprint) {
        return HexFormat.of().toHexDigits(fingerprint);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static boolean utf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
