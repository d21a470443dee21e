package io.redback.rdw.query.dremio;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.redback.rdw.Column;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import io.redback.rdw.query.embedded.EmbeddedQueryEngine;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import io.redback.rdw.spi.SqlGuard;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.NoOpFlightSqlProducer;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real Arrow Flight SQL server on loopback, standing in for Dremio's port 32010: basic authentication exchanged for a
 * bearer token, a session cookie, and real rows from rdw's embedded engine, sent as Arrow batches.
 */
public final class FlightSqlTestServer implements AutoCloseable {
    public static final String USER = "analyst";
    public static final String PASSWORD = "flight-PASSWORD-do-not-print";
    static final int BATCH_ROWS = 4096;

    /** How long {@link #close()} waits for every statement's buffers to come back before it calls them leaked. */
    static final java.time.Duration RELEASE_DEADLINE = java.time.Duration.ofSeconds(30);

    private final BufferAllocator allocator = new RootAllocator();
    private final FlightServer server;
    private final QueryEngine backing;
    private final SqlGuard guard;
    private final Map<String, RowsResult> pending = new ConcurrentHashMap<>();
    /** Results of the embedded engine, as DuckDB's own Arrow batches (no row-by-row conversion). */
    private final Map<String, ArrowResult> pendingArrow = new ConcurrentHashMap<>();
    /** Every statement's Arrow memory, until it has all come back. */
    private final List<Statement> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();

    /**
     * One statement's Arrow memory: a child allocator of its own, named after the statement, so that a leak says whose
     * buffers were not released and what had become of its stream.
     */
    private final class Statement {
        final BufferAllocator memory;
        final String name;
        volatile String state = "planned, not streamed";
        volatile boolean ended;

        Statement(String sql) {
            String shown = sql.length() > 120 ? sql.substring(0, 120) + "..." : sql;
            this.name = "statement " + numbers.incrementAndGet() + " [" + shown + "]";
            this.memory = allocator.newChildAllocator(name, 0, Long.MAX_VALUE);
        }

        void ended(String how) {
            state = how;
            ended = true;
        }

        boolean released() {
            return ended && memory.getAllocatedMemory() == 0;
        }

        @Override
        public String toString() {
            return name + " (" + state + ")";
        }
    }

    private record RowsResult(Statement statement, RowCursor cursor) {
    }

    private record ArrowResult(Statement statement, EmbeddedQueryEngine.JdbcResult jdbc, ArrowReader reader)
            implements AutoCloseable {
        @Override
        public void close() throws Exception {
            reader.close();
            jdbc.close();
        }
    }
    /** Statements that reached the server. */
    public final List<String> statements = new CopyOnWriteArrayList<>();
    /** Calls that arrived with the session cookie the server set. */
    public final AtomicInteger callsWithCookie = new AtomicInteger();
    /** Arrow buffer bytes sent in batches. */
    public final java.util.concurrent.atomic.AtomicLong bytesSent = new java.util.concurrent.atomic.AtomicLong();
    /** Streams the client cancelled. */
    public final AtomicInteger cancelled = new AtomicInteger();
    /** Counted down when a client cancels a stream. */
    public final java.util.concurrent.CountDownLatch cancellation = new java.util.concurrent.CountDownLatch(1);
    /**
     * Holds a statement that carries the comment {@code slow planning} in planning, like a heavy Dremio query, until the
     * test counts this down (or the server closes).
     */
    public final java.util.concurrent.CountDownLatch slowPlanning = new java.util.concurrent.CountDownLatch(1);
    /**
     * Statements being planned. A call whose client gave up (a timeout) goes on planning on its own thread after gRPC
     * has terminated, so {@link #close()} waits for these before it closes what was planned.
     */
    private final AtomicInteger planning = new AtomicInteger();

    public FlightSqlTestServer(QueryEngine backing, SqlGuard guard) throws Exception {
        this.backing = backing;
        this.guard = guard;
        BasicCallHeaderAuthenticator.CredentialValidator validator = (user, password) -> {
            if (USER.equals(user) && PASSWORD.equals(password)) {
                return () -> user;
            }
            throw CallStatus.UNAUTHENTICATED.withDescription("bad user or password").toRuntimeException();
        };
        server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), new Producer())
                .headerAuthenticator(new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator(validator)))
                .middleware(FlightServerMiddleware.Key.of("session"), new SessionCookies())
                .build().start();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * Stops the server, then checks that every statement gave its Arrow memory back: each stream ended (completed,
     * failed, or cancelled by the client) and released its buffers, within {@link #RELEASE_DEADLINE} (gRPC releases the
     * last batch it wrote on its own threads, a moment after the call ends). A cancelled stream must release its
     * buffers too.
     *
     * @throws IllegalStateException naming each statement whose buffers were not released, and how many bytes
     */
    @Override
    public void close() throws Exception {
        slowPlanning.countDown();
        server.shutdown();
        server.awaitTermination(RELEASE_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        server.close();
        long planned = System.nanoTime() + RELEASE_DEADLINE.toNanos();
        while (planning.get() > 0 && System.nanoTime() < planned) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        for (RowsResult r : pending.values()) {
            r.cursor().close();
            r.statement().ended("planned, never streamed; closed with the server");
        }
        for (ArrowResult r : pendingArrow.values()) {
            r.close();
            r.statement().ended("planned, never streamed; closed with the server");
        }
        long deadline = System.nanoTime() + RELEASE_DEADLINE.toNanos();
        while (!open.stream().allMatch(Statement::released) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        List<String> leaks = new ArrayList<>();
        for (Statement st : open) {
            long held = st.memory.getAllocatedMemory();
            if (!st.ended) {
                leaks.add(st + ": its stream had not ended " + RELEASE_DEADLINE.toSeconds() + " s after the server stopped"
                        + (held > 0 ? ", holding " + held + " bytes" : ""));
            } else if (held > 0) {
                leaks.add(st + ": " + held + " bytes not released " + RELEASE_DEADLINE.toSeconds() + " s after the "
                        + "server stopped\n" + st.memory.toVerboseString());
            } else {
                st.memory.close();
            }
        }
        if (!leaks.isEmpty()) {
            throw new IllegalStateException("Flight test server: Arrow memory leaked by " + String.join("; ", leaks)
                    + "\n(run with -Darrow.memory.debug.allocator=true to see where each buffer was allocated)");
        }
        allocator.close();
    }

    /** Closes the allocators of statements that have given all their memory back, so a long-lived server keeps few. */
    private void sweep() {
        for (Statement st : open) {
            if (st.released()) {
                open.remove(st);
                st.memory.close();
            }
        }
    }

    /** Sets a session cookie, as Dremio does, and counts the calls that send it back. */
    private final class SessionCookies implements FlightServerMiddleware.Factory<FlightServerMiddleware> {
        @Override
        public FlightServerMiddleware onCallStarted(CallInfo info, CallHeaders incoming, RequestContext context) {
            String cookie = incoming.get("cookie");
            if (cookie != null && cookie.contains("DREMIO_SESSION=s1")) {
                callsWithCookie.incrementAndGet();
            }
            return new FlightServerMiddleware() {
                @Override
                public void onBeforeSendingHeaders(CallHeaders outgoing) {
                    outgoing.insert("set-cookie", "DREMIO_SESSION=s1");
                }

                @Override
                public void onCallCompleted(CallStatus status) {
                }

                @Override
                public void onCallErrored(Throwable err) {
                }
            };
        }
    }

    private final class Producer extends NoOpFlightSqlProducer {
        @Override
        public FlightInfo getFlightInfoStatement(FlightSql.CommandStatementQuery command, CallContext context,
                                                 FlightDescriptor descriptor) {
            planning.incrementAndGet();
            try {
                return plan(command, descriptor);
            } finally {
                planning.decrementAndGet();
            }
        }

        private FlightInfo plan(FlightSql.CommandStatementQuery command, FlightDescriptor descriptor) {
            statements.add(command.getQuery());
            if (command.getQuery().contains("/* slow planning */")) {
                // a job that takes longer than the client will wait, like a heavy Dremio query: held until released
                try {
                    slowPlanning.await(RELEASE_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sweep();
            CheckedQuery checked = guard.check(asDuckDb(command.getQuery()));
            if (backing instanceof EmbeddedQueryEngine embedded) {
                return arrowInfo(embedded, checked, descriptor);
            }
            RowCursor cursor;
            try {
                cursor = backing.execute(checked);
            } catch (NotFoundException e) {
                throw CallStatus.NOT_FOUND.withDescription(e.getMessage()).toRuntimeException();
            } catch (RdwException e) {
                throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
            }
            Statement st = new Statement(command.getQuery());
            open.add(st);
            String handle = UUID.randomUUID().toString();
            pending.put(handle, new RowsResult(st, cursor));
            return new FlightInfo(schema(cursor.columns()), descriptor, List.of(new FlightEndpoint(new Ticket(ticket(handle)))), -1, -1);
        }

        private FlightInfo arrowInfo(EmbeddedQueryEngine engine, CheckedQuery checked, FlightDescriptor descriptor) {
            EmbeddedQueryEngine.JdbcResult jdbc;
            try {
                jdbc = engine.executeJdbc(checked);
            } catch (NotFoundException e) {
                throw CallStatus.NOT_FOUND.withDescription(e.getMessage()).toRuntimeException();
            } catch (RdwException e) {
                throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
            }
            Statement st = new Statement(checked.sql());
            open.add(st);
            try {
                ArrowReader reader = (ArrowReader) ((DuckDBResultSet) jdbc.resultSet()).arrowExportStream(st.memory, BATCH_ROWS * 2L);
                String handle = UUID.randomUUID().toString();
                pendingArrow.put(handle, new ArrowResult(st, jdbc, reader));
                return new FlightInfo(reader.getVectorSchemaRoot().getSchema(), descriptor,
                        List.of(new FlightEndpoint(new Ticket(ticket(handle)))), -1, -1);
            } catch (Exception e) {
                jdbc.close();
                st.ended("failed in planning: " + e);
                throw CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException();
            }
        }

        private void streamArrow(ArrowResult result, ServerStreamListener listener) {
            Statement st = result.statement();
            st.state = "streaming";
            String end = "completed";
            try (result) {
                VectorSchemaRoot root = result.reader().getVectorSchemaRoot();
                listener.start(root);
                while (result.reader().loadNextBatch()) {
                    if (awaitReady(listener)) {
                        end = "cancelled by the client";
                        return;
                    }
                    for (FieldVector v : root.getFieldVectors()) {
                        bytesSent.addAndGet(v.getBufferSize());
                    }
                    listener.putNext();
                }
                listener.completed();
            } catch (Exception e) {
                end = "failed: " + e;
                listener.error(CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException());
            } finally {
                st.ended(end);
            }
        }

        /**
         * Waits until the client can take another batch, as Dremio does (flow control); {@code true} if the client
         * cancelled the stream instead.
         */
        private boolean awaitReady(ServerStreamListener listener) {
            while (!listener.isReady() && !listener.isCancelled()) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
            if (listener.isCancelled()) {
                cancelled.incrementAndGet();
                cancellation.countDown();
                return true;
            }
            return false;
        }

        @Override
        public void getStreamStatement(FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
            ArrowResult arrow = pendingArrow.remove(ticket.getStatementHandle().toStringUtf8());
            if (arrow != null) {
                streamArrow(arrow, listener);
                return;
            }
            RowsResult rows = pending.remove(ticket.getStatementHandle().toStringUtf8());
            if (rows == null) {
                listener.error(CallStatus.NOT_FOUND.withDescription("unknown statement").toRuntimeException());
                return;
            }
            RowCursor cursor = rows.cursor();
            Statement st = rows.statement();
            st.state = "streaming";
            String end = "completed";
            Schema schema = schema(cursor.columns());
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, st.memory)) {
                listener.start(root);
                boolean more = true;
                while (more) {
                    if (awaitReady(listener)) {
                        end = "cancelled by the client";
                        return;
                    }
                    root.allocateNew();
                    int n = 0;
                    while (n < BATCH_ROWS && (more = cursor.next())) {
                        for (int c = 0; c < schema.getFields().size(); c++) {
                            set(root.getVector(c), n, cursor.value(c));
                        }
                        n++;
                    }
                    root.setRowCount(n);
                    if (n > 0 || !more) {
                        for (FieldVector v : root.getFieldVectors()) {
                            bytesSent.addAndGet(v.getBufferSize());
                        }
                        listener.putNext();
                    }
                }
                listener.completed();
            } catch (RuntimeException e) {
                end = "failed: " + e;
                listener.error(CallStatus.INTERNAL.withDescription(e.getMessage()).toRuntimeException());
            } finally {
                cursor.close();
                st.ended(end);
            }
        }
    }

    /**
     * Dremio's SQL as the backing DuckDB engine reads it. Dremio spells a whole-text regular expression match
     * {@code REGEXP_LIKE(text, 'regex')}, which DuckDB does not have; its {@code regexp_full_match(text, 'regex')} is the
     * same test (the whole text must match; DuckDB's {@code regexp_matches} would find the pattern anywhere). So that
     * SQL rdw builds for Dremio ({@code DremioDialect.fullMatch}) runs here as it would on Dremio, the function's name
     * is rewritten, and nothing else: string literals, quoted identifiers and comments are left as they are. (Dremio's
     * regular expressions are Java's, DuckDB's are RE2: the patterns rdw builds mean the same in both.)
     */
    static String asDuckDb(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end = i + 1;
            if (c == '\'' || c == '"') {
                end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2); // a doubled quote is part of the text
                }
                end = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                int next = end;
                while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) {
                    next++;
                }
                if (sql.substring(i, end).equalsIgnoreCase("REGEXP_LIKE") && next < sql.length() && sql.charAt(next) == '(') {
                    out.append("regexp_full_match");
                    i = end;
                    continue;
                }
            }
            out.append(sql, i, end);
            i = end;
        }
        return out.toString();
    }

    private static byte[] ticket(String handle) {
        return Any.pack(FlightSql.TicketStatementQuery.newBuilder()
                .setStatementHandle(ByteString.copyFromUtf8(handle)).build()).toByteArray();
    }

    static Schema schema(List<Column> columns) {
        List<Field> fields = new ArrayList<>();
        for (Column c : columns) {
            ArrowType type = switch (c.type()) {
                case "BIGINT" -> new ArrowType.Int(64, true);
                case "INTEGER" -> new ArrowType.Int(32, true);
                case "DOUBLE" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case "FLOAT" -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
                case "BOOLEAN" -> ArrowType.Bool.INSTANCE;
                case "DATE" -> new ArrowType.Date(DateUnit.DAY);
                case "TIMESTAMP" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
                default -> ArrowType.Utf8.INSTANCE;
            };
            fields.add(new Field(c.name(), FieldType.nullable(type), null));
        }
        return new Schema(fields);
    }

    static void set(FieldVector v, int row, Object value) {
        if (value == null) {
            v.setNull(row);
        } else if (v instanceof BigIntVector b) {
            b.setSafe(row, ((Number) value).longValue());
        } else if (v instanceof IntVector i) {
            i.setSafe(row, ((Number) value).intValue());
        } else if (v instanceof Float8Vector f) {
            f.setSafe(row, ((Number) value).doubleValue());
        } else if (v instanceof Float4Vector f) {
            f.setSafe(row, ((Number) value).floatValue());
        } else if (v instanceof BitVector b) {
            b.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (v instanceof DateDayVector d) {
            d.setSafe(row, (int) ((LocalDate) value).toEpochDay());
        } else if (v instanceof TimeStampMicroVector t) {
            java.time.Instant at = ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
            t.setSafe(row, at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
        } else {
            ((VarCharVector) v).setSafe(row, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        }
    }
}
