package io.redback.rdw.stream.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.stream.MqttPublisher;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishing with a HiveMQ MQTT 5 client in a clean session: one message and its answer at a time, or many with at
 * most {@value #WINDOW} awaiting the broker's answer.
 */
public final class MqttPublishers implements MqttPublisher {
    static final int WINDOW = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MqttSettings settings;
    private final Mqtt5AsyncClient client;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicReference<RdwException> refused = new AtomicReference<>();

    private MqttPublishers(MqttSettings settings, Mqtt5AsyncClient client) {
        this.settings = settings;
        this.client = client;
    }

    public static MqttPublisher open(RdwConfig config) {
        MqttSettings settings = MqttConnections.settings(config);
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        Mqtt5AsyncClient client = MqttConnections.client(settings, "rdw-publish-" + HexFormat.of().formatHex(random),
                ctx -> { });
        MqttConnections.connect(client, settings, false, MqttSettings.MAX_FIELD);
        return new MqttPublishers(settings, client);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos) {
        check(MqttConnections.await(start(topic, payload, qos), settings, "publishing to"), topic);
    }

    @Override
    public void send(String topic, byte[] payload, int qos) {
        throwRefusal();
        try {
            if (!window.tryAcquire(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("the MQTT broker at " + settings.where() + " answered none of "
                        + WINDOW + " messages within " + settings.timeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while publishing to " + settings.where(), e);
        }
        CompletableFuture<Mqtt5PublishResult> answer;
        try {
            answer = start(topic, payload, qos);
        } catch (RuntimeException e) {
            window.release();
            throw e;
        }
        answer.whenComplete((result, error) -> {
            try {
                if (error != null) {
                    refused.compareAndSet(null, MqttConnections.failure(error, settings, "publishing to"));
                } else {
                    check(result, topic);
                }
            } catch (RdwException e) {
                refused.compareAndSet(null, e);
            } finally {
                window.release();
            }
        });
    }

    private CompletableFuture<Mqtt5PublishResult> start(String topic, byte[] payload, int qos) {
        MqttFilters.requireTopic(topic);
        MqttQos level = MqttQos.fromCode(qos);
        if (level == null) {
            throw new InvalidInputException("QoS is 0, 1 or 2, not " + qos);
        }
        return client.publishWith().topic(topic).payload(payload).qos(level).send();
    }

    private void check(Mqtt5PublishResult result, String topic) {
        if (result.getError().isPresent()) {
            throw MqttConnections.failure(result.getError().get(), settings, "publishing to " + topic + " at");
        }
        if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1 && q1.getPubAck().getReasonCode().isError()) {
            throw new BackendUnavailableException("the MQTT broker at " + settings.where() + " refused a message to "
                    + topic + " (" + q1.getPubAck().getReasonCode() + ")");
        }
    }

    private void throwRefusal() {
        RdwException e = refused.getAndSet(null);
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void flush() {
        try {
            if (!window.tryAcquire(WINDOW, settings.timeout().toMillis() * 6, TimeUnit.MILLISECONDS)) {
                throw new BackendUnavailableException("the MQTT broker at " + settings.where()
                        + " did not answer every message sent");
            }
            window.release(WINDOW);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while waiting for the MQTT broker at " + settings.where(), e);
        }
        throwRefusal();
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                client.disconnect().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "MqttPublisher[" + settings.where() + "]";
    }
}
