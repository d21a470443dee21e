package io.redback.rdw.admin.postgres;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceRefusedException;
import io.redback.rdw.spi.ProvenanceStore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;

/**
 * Provenance in the warehouse's central PostgreSQL table, through rdw's outbox: events arrive in batches, each batch
 * one multi-row {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} in one transaction, so a replayed event never
 * becomes a second row. Reads serve {@code rdw provenance} and lineage, rows of the upload service and of MinIO's
 * notifications included. One connection, opened when first needed and again after a failure.
 */
final class PostgresProvenanceStore implements ProvenanceStore {
    static final String COLUMNS = "event_id, event_source, event_type, timestamp, user_id, source_ip, bucket_name, "
            + "object_key, object_size, object_etag, content_type, service_endpoint, custom_metadata";
    private static final int PARAMS = 13;
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

    private final RdwConfig config;
    private final PostgresSettings settings;
    private Connection connection;

    PostgresProvenanceStore(RdwConfig config, PostgresSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    @Override
    public String describe() {
        return settings.where();
    }

    @Override
    public Delivery delivery() {
        return Delivery.OUTBOX;
    }

    @Override
    public void record(ProvenanceEvent event) {
        recordAll(List.of(event));
    }

    @Override
    public synchronized void recordAll(List<ProvenanceEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(settings.table()).append(" (").append(COLUMNS)
                .append(") VALUES ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)");
        }
        sql.append(" ON CONFLICT (event_id) DO NOTHING");
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 0;
            for (ProvenanceEvent e : events) {
                ps.setObject(++p, e.eventId());
                ps.setString(++p, e.eventSource());
                ps.setString(++p, e.eventType());
                ps.setTimestamp(++p, e.timestamp() == null ? null : Timestamp.from(e.timestamp()), UTC);
                ps.setString(++p, e.userId());
                ps.setString(++p, e.sourceIp());
                ps.setString(++p, e.bucketName());
                ps.setString(++p, e.objectKey());
                if (e.objectSize() == null) {
                    ps.setNull(++p, Types.BIGINT);
                } else {
                    ps.setLong(++p, e.objectSize());
                }
                ps.setString(++p, e.objectEtag());
                ps.setString(++p, e.contentType());
                ps.setString(++p, e.serviceEndpoint());
                ps.setString(++p, ProvenanceRows.customMetadata(e));
            }
            ps.executeUpdate();
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw failure(e, events.size() == 1 ? events.get(0).eventId() : null);
        }
    }

    /** A value the table cannot hold is refused for good; anything else (a server down, a table missing) may pass. */
    private RuntimeException failure(SQLException e, UUID eventId) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = describe() + ": " + e.getMessage();
        if (state.startsWith("22") || state.startsWith("23")) {
            return new ProvenanceRefusedException(eventId, message, e);
        }
        drop();
        if (state.equals("42P01")) {
            return new BackendUnavailableException(describe() + ": the table does not exist; an administrator creates it "
                    + "with rdw admin provenance init", e);
        }
        return new BackendUnavailableException(message, e);
    }

    @Override
    public synchronized List<ProvenanceEvent> find(ProvenanceQuery q) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS.replace("custom_metadata", "custom_metadata::text"))
                .append(" FROM ").append(settings.table()).append(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (q.layer() != null) {
            sql.append(" AND (custom_metadata->>'").append(ProvenanceRows.LAYER).append("' = ? OR bucket_name = ?)");
            args.add(q.layer().id());
            args.add(config.bucket(q.layer()));
        }
        if (q.keyPrefix() != null) {
            sql.append(" AND object_key LIKE ? ESCAPE '\\'");
            args.add(q.keyPrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (q.eventType() != null) {
            sql.append(" AND event_type = ?");
            args.add(q.eventType());
        }
        if (q.userId() != null) {
            sql.append(" AND user_id = ?");
            args.add(q.userId());
        }
        if (q.since() != null) {
            sql.append(" AND timestamp >= ?");
            args.add(Timestamp.from(q.since()));
        }
        if (q.until() != null) {
            sql.append(" AND timestamp < ?");
            args.add(Timestamp.from(q.until()));
        }
        if (q.derivedFrom() != null) {
            sql.append(" AND custom_metadata->>'").append(ProvenanceRows.SOURCE_LAYER).append("' = ? AND custom_metadata->>'")
                    .append(ProvenanceRows.SOURCE_KEY).append("' = ?");
            args.add(q.derivedFrom().layer().id());
            args.add(q.derivedFrom().key());
        }
        sql.append(" ORDER BY timestamp DESC, event_id");
        if (q.limit() > 0) {
            sql.append(" LIMIT ").append(q.limit());
        }
        Connection c = connection();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i) instanceof Timestamp t) {
                    ps.setTimestamp(i + 1, t, UTC);
                } else {
                    ps.setObject(i + 1, args.get(i));
                }
            }
            List<ProvenanceEvent> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ts = rs.getTimestamp(4, UTC);
                    long size = rs.getLong(9);
                    Long objectSize = rs.wasNull() ? null : size;
                    out.add(ProvenanceRows.event(config, new ProvenanceRows.Row(rs.getObject(1, UUID.class),
                            rs.getString(2), rs.getString(3), ts == null ? null : ts.toInstant(), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), objectSize, rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13))));
                }
            }
            c.commit();
            return out;
        } catch (SQLException e) {
            rollback(c);
            drop();
            throw new BackendUnavailableException("cannot read provenance from " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        try (Connection c = open()) {
            List<String> diff;
            boolean exists = ProvenanceTable.exists(c, settings.table());
            diff = exists ? ProvenanceTable.differences(c, settings.table()) : List.of();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!exists) {
                return Health.down("provenance", describe(), took, "the table does not exist: an administrator creates it "
                        + "with rdw admin provenance init (events wait in the outbox meanwhile)");
            }
            return diff.isEmpty() ? Health.up("provenance", describe(), took, "the table matches the store's")
                    : Health.down("provenance", describe(), took, "the table differs from the store's: "
                    + String.join("; ", diff));
        } catch (SQLException | RuntimeException e) {
            return Health.down("provenance", describe(), Duration.ofNanos(System.nanoTime() - start),
                    "cannot connect: " + e.getMessage() + "; check POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER and "
                            + "POSTGRES_PASSWORD");
        }
    }

    private Connection connection() {
        if (connection == null) {
            try {
                connection = open();
            } catch (SQLException e) {
                throw new BackendUnavailableException("cannot connect to " + describe() + ": " + e.getMessage(), e);
            }
        }
        return connection;
    }

    /** A new connection in UTC with its own transactions. */
    Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(settings.url(), settings.properties(false));
        try (Statement st = c.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
        }
        c.setAutoCommit(false);
        return c;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is dropped next when it is broken
        }
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        drop();
    }

    @Override
    public String toString() {
        return "PostgresProvenanceStore[" + describe() + "]";
    }
}
