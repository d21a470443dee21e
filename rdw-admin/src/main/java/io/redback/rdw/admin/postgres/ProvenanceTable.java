package io.redback.rdw.admin.postgres;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The warehouse's {@code provenance} table exactly as its own init script creates it: rdw writes into it as it is and
 * never alters it. {@link #differences} compares an existing table with it, column by column.
 */
final class ProvenanceTable {
    /** Column name to the type PostgreSQL reports for it (information_schema's data_type, and the length). */
    static final Map<String, String> COLUMNS = columns();

    private ProvenanceTable() {
    }

    private static Map<String, String> columns() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("event_id", "uuid");
        c.put("event_source", "character varying(255)");
        c.put("event_type", "character varying(255)");
        c.put("timestamp", "timestamp without time zone");
        c.put("user_id", "character varying(255)");
        c.put("source_ip", "character varying(255)");
        c.put("bucket_name", "character varying(255)");
        c.put("object_key", "character varying(255)");
        c.put("object_size", "bigint");
        c.put("object_etag", "character varying(255)");
        c.put("content_type", "character varying(255)");
        c.put("service_endpoint", "character varying(255)");
        c.put("custom_metadata", "jsonb");
        return java.util.Collections.unmodifiableMap(c);
    }

    /** The store's DDL for a table of this name. */
    static List<String> ddl(String table) {
        return List.of("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\"",
                "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                        + "    event_id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),\n"
                        + "    event_source VARCHAR(255),\n"
                        + "    event_type VARCHAR(255),\n"
                        + "    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
                        + "    user_id VARCHAR(255),\n"
                        + "    source_ip VARCHAR(255),\n"
                        + "    bucket_name VARCHAR(255),\n"
                        + "    object_key VARCHAR(255),\n"
                        + "    object_size BIGINT,\n"
                        + "    object_etag VARCHAR(255),\n"
                        + "    content_type VARCHAR(255),\n"
                        + "    service_endpoint VARCHAR(255),\n"
                        + "    custom_metadata JSONB\n"
                        + ")");
    }

    /** Whether the table exists. */
    static boolean exists(Connection c, String table) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * How an existing table differs from the store's: missing columns, columns of another type, a missing primary key
     * on {@code event_id}. Extra columns are allowed (rdw leaves them to their defaults). Empty when it matches.
     */
    static List<String> differences(Connection c, String table) throws SQLException {
        String schema = table.contains(".") ? table.substring(0, table.indexOf('.')) : null;
        String name = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        Map<String, String> found = new LinkedHashMap<>();
        try (var ps = c.prepareStatement("SELECT column_name, data_type, character_maximum_length FROM "
                + "information_schema.columns WHERE table_name = ? AND (?::text IS NULL AND table_schema = current_schema() "
                + "OR table_schema = ?) ORDER BY ordinal_position")) {
            ps.setString(1, name.toLowerCase(Locale.ROOT));
            ps.setString(2, schema);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int length = rs.getInt(3);
                    String sized = rs.wasNull() ? "" : "(" + length + ")";
                    found.put(rs.getString(1), rs.getString(2) + sized);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> want : COLUMNS.entrySet()) {
            String has = found.get(want.getKey());
            if (has == null) {
                out.add("column " + want.getKey() + " is missing (the store's table has it as " + want.getValue() + ")");
            } else if (!has.equals(want.getValue()) && !compatible(want.getKey(), has)) {
                out.add("column " + want.getKey() + " is " + has + ", the store's table has " + want.getValue());
            }
        }
        if (!hasPrimaryKeyOnEventId(c, schema, name)) {
            out.add("event_id is not the primary key: rdw needs it unique to keep a replayed event from becoming a "
                    + "second row");
        }
        return out;
    }

    /** A wider text column or a timestamp with time zone holds what rdw writes just as well. */
    private static boolean compatible(String column, String has) {
        if (column.equals("timestamp")) {
            return has.equals("timestamp with time zone");
        }
        if (!COLUMNS.get(column).startsWith("character varying")) {
            return false;
        }
        if (has.equals("text")) {
            return true;
        }
        if (has.startsWith("character varying(")) {
            return Integer.parseInt(has.substring(18, has.length() - 1)) >= 255;
        }
        return false;
    }

    private static boolean hasPrimaryKeyOnEventId(Connection c, String schema, String name) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getPrimaryKeys(null, schema, name.toLowerCase(Locale.ROOT))) {
            List<String> cols = new ArrayList<>();
            while (rs.next()) {
                cols.add(rs.getString("COLUMN_NAME"));
            }
            return cols.equals(List.of("event_id"));
        }
    }

    static void create(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : ddl(table)) {
                st.execute(sql);
            }
        }
    }
}
