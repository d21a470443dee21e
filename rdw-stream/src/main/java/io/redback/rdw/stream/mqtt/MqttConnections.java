package io.redback.rdw.stream.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HiveMQ MQTT 5 clients for the configured broker, and what their failures mean to a user: a refused login is the
 * configuration's fault and is not retried; an unreachable broker may come back.
 */
final class MqttConnections {
    /** A session the broker keeps until it expires it by its own rules: MQTT 5's "never" (3.1.2.11.2). */
    static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;
    static final int KEEP_ALIVE_SECONDS = 30;

    private MqttConnections() {
    }

    /**
     * The most messages an ingester lets the broker send before they are acknowledged: MQTT 5's largest, so that a
     * batch of up to as many fills while the one before is stored. It bounds what a redelivery can repeat, and so how
     * much the ledger keeps. (Mosquitto 2.0 bounds it by its own max_inflight_messages instead, at most 65535 too.)
     */
    static final int RECEIVE_MAXIMUM = MqttSettings.MAX_FIELD;

    static MqttSettings settings(RdwConfig config) {
        if (!MqttSettings.configured(config)) {
            throw new ConfigurationException("no MQTT broker is configured: set MQTT_BROKER_URL (e.g. tcp://127.0.0.1:1883) "
                    + "or MQTT_HOST and MQTT_PORT (keys " + MqttSettings.URL.name() + ", " + MqttSettings.HOST.name() + ")");
        }
        return MqttSettings.from(config);
    }

    static Mqtt5AsyncClient client(MqttSettings settings, String clientId, MqttClientDisconnectedListener onDisconnect) {
        Mqtt5ClientBuilder builder = Mqtt5Client.builder().identifier(clientId).serverHost(settings.host())
                .serverPort(settings.port()).addDisconnectedListener(onDisconnect);
        if (settings.transport() == MqttSettings.Transport.TLS) {
            builder = builder.sslWithDefaultConfig();
        }
        return builder.buildAsync();
    }

    /**
     * Connects and returns the broker's CONNACK.
     *
     * @param persistent    whether the broker keeps the session (and its unacknowledged messages) across connections
     * @param receiveMaximum the most QoS 1 messages the broker may send before they are acknowledged
     * @throws ForbiddenException          when the broker refuses the login
     * @throws BackendUnavailableException when it cannot be reached or does not answer in time
     */
    static Mqtt5ConnAck connect(Mqtt5AsyncClient client, MqttSettings settings, boolean persistent, int receiveMaximum) {
        Mqtt5ConnectBuilder.Send<CompletableFuture<Mqtt5ConnAck>> connect = client.connectWith()
                .cleanStart(!persistent).sessionExpiryInterval(persistent ? SESSION_NEVER_EXPIRES : 0)
                .keepAlive(KEEP_ALIVE_SECONDS).restrictions().receiveMaximum(receiveMaximum).applyRestrictions();
        if (settings.username() != null) {
            var auth = connect.simpleAuth().username(settings.username());
            connect = settings.password() == null ? auth.applySimpleAuth()
                    : auth.password(settings.password().reveal().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        return await(connect.send(), settings, "connecting to");
    }

    /**
     * Subscribes with QoS 1; retained messages come only with a new subscription, not again on each reconnect.
     *
     * @throws ForbiddenException    when the broker's ACL refuses the filter
     * @throws InvalidInputException when the broker refuses it for another reason
     */
    static void subscribe(Mqtt5AsyncClient client, MqttSettings settings, String filter) {
        Mqtt5SubAck sub = await(client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.SEND_IF_SUBSCRIPTION_DOES_NOT_EXIST).send(), settings, "subscribing at");
        Mqtt5SubAckReasonCode code = sub.getReasonCodes().get(0);
        if (code.isError()) {
            client.disconnect();
            String why = "the MQTT broker at " + settings.where() + " refused the subscription to " + filter + " (" + code + ")";
            throw code == Mqtt5SubAckReasonCode.NOT_AUTHORIZED ? new ForbiddenException(why + ": check the broker's ACL for "
                    + (settings.username() == null ? "anonymous clients" : "user " + settings.username()))
                    : new InvalidInputException(why);
        }
    }

    /** Waits for the broker's answer within the settings' timeout, translating its failures. */
    static <T> T await(CompletableFuture<T> answer, MqttSettings settings, String doing) {
        try {
            return answer.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), settings, doing);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new BackendUnavailableException("the MQTT broker at " + settings.where() + " did not answer within "
                    + settings.timeout().toMillis() + " ms while " + doing + " it (" + MqttSettings.TIMEOUT.name() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("interrupted while " + doing + " the MQTT broker at " + settings.where(), e);
        }
    }

    static RdwException failure(Throwable cause, MqttSettings settings, String doing) {
        String broker = "the MQTT broker at " + settings.where();
        if (cause instanceof Mqtt5ConnAckException refused) {
            Mqtt5ConnAckReasonCode code = refused.getMqttMessage().getReasonCode();
            if (code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD || code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                    || code == Mqtt5ConnAckReasonCode.BANNED || code == Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD) {
                return new ForbiddenException(broker + " refused the login (" + code + "): check "
                        + MqttSettings.CREDENTIAL_KEYS);
            }
            if (code == Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID) {
                return new ConfigurationException(broker + " refused the client id (" + code + "): choose another with "
                        + MqttSettings.CLIENT_ID.describe());
            }
            return new BackendUnavailableException(broker + " refused the connection (" + code + ")");
        }
        String why = cause == null ? "no reason given" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        return new BackendUnavailableException(broker + " failed while " + doing + " it: " + why
                + "; check that the broker runs and " + MqttSettings.URL.describe(), cause);
    }
}
