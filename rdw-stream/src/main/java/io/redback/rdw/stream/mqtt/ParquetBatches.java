package io.redback.rdw.stream.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
    /** Numbers as written: 21.50 stays 21.50. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
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
                    out.write(flatten((ObjectNode) JSON.readTree(line)).toString());
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

    private static ObjectNode flatten(ObjectNode r) {
        JsonNode payload = r.get("payload");
        r.put("payload", r.get("payload_base64").asBoolean() ? payload.asText() : payload.toString());
        r.put("received", UTC.format(Instant.parse(r.get("received").asText())));
        JsonNode properties = r.get("properties");
        r.put("properties", properties == null ? null : properties.toString());
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
