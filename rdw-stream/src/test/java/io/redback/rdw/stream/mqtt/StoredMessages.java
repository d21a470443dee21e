package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.redback.rdw.Bucket;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What the ingestion tests read back: the records of the bronze objects under a prefix, in the order of their keys. */
final class StoredMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoredMessages() {
    }

    static String prefix(String project) {
        return project + "/" + Year.now(ZoneOffset.UTC).getValue() + "/t0_mqtt/";
    }

    /** An embedded warehouse in {@code folder} with the broker at {@code port}. */
    static WarehouseClient warehouse(Path folder, int port, Map<String, String> more) {
        RdwConfig.Builder config = RdwConfig.builder().noFile().systemProperties(new Properties())
                .environment(Map.of("MQTT_BROKER_URL", "tcp://127.0.0.1:" + port)).warehouse(folder);
        more.forEach(config::set);
        return WarehouseClient.builder().config(config.build()).build();
    }

    static List<JsonNode> records(WarehouseClient dw, String prefix) {
        Bucket bronze = dw.bucket(Layer.BRONZE);
        List<JsonNode> out = new ArrayList<>();
        bronze.list(prefix).stream().filter(o -> o.key().endsWith(".jsonl")).sorted(Comparator.comparing(ObjectInfo::key))
                .forEach(o -> out.addAll(lines(bronze, o.key())));
        return out;
    }

    static List<JsonNode> lines(Bucket bucket, String key) {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = bucket.open(key);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The {@code seq} field of each record's JSON payload, in order. */
    static List<Integer> sequence(List<JsonNode> records) {
        return records.stream().map(r -> r.at("/payload/seq").asInt()).toList();
    }
}
