package io.redback.rdw.stream;

import io.redback.rdw.ObjectRef;

import java.time.Instant;

/**
 * One batch of MQTT messages as it was stored in bronze, before its messages were acknowledged to the broker.
 *
 * @param object     the bronze object holding the messages, one JSON record a line; {@code null} when the batch held
 *                   only rejects
 * @param rejects    the sidecar object listing the rejected messages and why; {@code null} when none was rejected
 * @param messages   how many messages the object holds
 * @param rejected   how many messages were rejected (oversize or malformed)
 * @param duplicates how many messages the broker redelivered that an earlier batch had already stored, and were not
 *                   stored again
 * @param bytes      the payload bytes of the stored messages
 * @param first      when the batch's first message was received
 * @param last       when its last message was received
 */
public record MqttBatchInfo(ObjectRef object, ObjectRef rejects, int messages, int rejected, int duplicates,
                            long bytes, Instant first, Instant last) {
}
