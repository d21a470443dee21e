package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlRuntime;
import io.redback.rdw.spi.SqlWorkspace;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A batch's records as Parquet, with the same columns in every batch so that a folder of them is one table: the
 * payload and the properties become text (a column has one type, and payloads differ), the time a UTC timestamp.
 * The local SQL runtime writes the file, so no Parquet library comes into rdw-stream.
 */
final class ParquetBatches {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Without zone or 'T', so that the engine reads a plain timestamp: the time is UTC. */
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    /** Each column of every batch, and its type. */
    private static final Map<String, String> COLUMNS = columns();

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("topic", "VARCHAR");
        columns.put("received", "TIMESTAMP");
        columns.put("qos", "INTEGER");
        columns.put("retain", "BOOLEAN");
        columns.put("payload", "VARCHAR");
        columns.put("payload_base64", "BOOLEAN");
        columns.put("properties", "VARCHAR");
        return columns;
    }

    private ParquetBatches() {
    }

    /** Writes the records of {@code jsonl} as a Parquet file in {@code folder} and returns it. */
    static Path convert(SqlRuntime runtime, Path jsonl, Path folder) {
        Path flat = null;
        Path work = null;
        try {
            flat = Files.createTempFile(folder, "batch-", ".flat.part");
            try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8);
                 BufferedWriter out = Files.newBufferedWriter(flat, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(flatten(line).toString());
                    out.write('\n');
                }
            }
            Path target = Files.createTempFile(folder, "batch-", ".parquet.part");
            work = Files.createTempDirectory(folder, "work-");
            try (SqlWorkspace ws = runtime.workspace("an MQTT batch", work)) {
                LoadedTable table = ws.load("batch", flat, FileFormat.NDJSON, "an MQTT batch");
                ws.copy(select(table, ws.dialect()), target, FileFormat.PARQUET);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an MQTT batch as Parquet in " + folder + ": " + e.getMessage(), e);
        } finally {
            delete(flat);
            delete(work);
        }
    }

    /** Every column with its type, whatever the engine made of this batch's values (a column of nulls, say). */
    static String select(LoadedTable table, SqlDialect dialect) {
        Map<String, String> values = new LinkedHashMap<>();
        table.columns().forEach(c -> values.put(c.name(), c.value()));
        StringBuilder sql = new StringBuilder("SELECT ");
        COLUMNS.forEach((name, type) -> sql.append(sql.length() > 7 ? ", " : "").append("CAST(")
                .append(values.getOrDefault(name, "NULL")).append(" AS ").append(type).append(") AS ")
                .append(dialect.identifier(name)));
        return sql.append(" FROM ").append(dialect.identifier(table.table())).toString();
    }

    /** A record with its payload and properties as text: the JSON exactly as stored, or the base64. */
    private static ObjectNode flatten(String line) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        String text = null;
        String json = null;
        try (JsonParser p = JSON.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("payload")) {
                    text = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    json = MqttRecords.compact(p);
                } else if (name.equals("properties")) {
                    r.put("properties", MqttRecords.compact(p));
                } else {
                    r.set(name, JSON.readTree(p));
                }
            }
        }
        r.put("payload", r.path("payload_base64").asBoolean() ? text : json);
        r.put("received", UTC.format(Instant.parse(r.get("received").asText())));
        if (!r.has("properties")) {
            r.putNull("properties");
        }
        return r;
    }

    private static void delete(Path path) {
        if (path == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // rdw's own folder; leftovers are cleared with the next batch's folder
        }
    }
}
