package io.redback.rdw.stream.mqtt;

import java.util.List;
import java.util.Map;

/**
 * Where an ingestion also sends each stored record (Kafka, for one): given by the caller, so that this backend knows no
 * other. {@link #sendAll} returns only once the other side has every record.
 */
public interface RecordForwarder extends AutoCloseable {

    /** The destination's name, for provenance: the Kafka topic. */
    String destination();

    /** Sends records (key: the MQTT topic; value: the JSON record) and waits until each is acknowledged. */
    void sendAll(List<Map.Entry<String, String>> records);

    @Override
    void close();
}
