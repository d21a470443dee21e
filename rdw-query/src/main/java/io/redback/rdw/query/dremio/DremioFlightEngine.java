package io.redback.rdw.query.dremio;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Column;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.query.ArrowBatches;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.QueryEngine;
import io.redback.rdw.spi.RowCursor;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Queries Dremio over Arrow Flight SQL (port 32010): results stream as Arrow record batches, so memory holds one batch
 * whatever the result's size. Authenticates once (user and password exchanged for a bearer token, or a personal
 * access token), echoes Dremio's session cookie, and gives every call the query's remaining time as its deadline;
 * closing a result early cancels the stream on the server.
 */
final class DremioFlightEngine implements QueryEngine {
    private final DremioSettings settings;
    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient client;
    private final FlightSqlClient sql;
    private volatile CredentialCallOption credential;

    DremioFlightEngine(DremioSettings settings) {
        this.settings = settings;
        Location location = settings.tls() ? Location.forGrpcTls(settings.flightHost(), settings.flightPort())
                : Location.forGrpcInsecure(settings.flightHost(), settings.flightPort());
        this.client = FlightClient.builder(allocator, location).intercept(new ClientCookieMiddleware.Factory()).build();
        this.sql = new FlightSqlClient(client);
    }

    @Override
    public io.redback.rdw.spi.SqlDialect dialect() {
        return DremioDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return "dremio Flight SQL at " + (settings.tls() ? "grpc+tls://" : "grpc://") + settings.flightHost() + ":"
                + settings.flightPort();
    }

    /** The bearer credential, obtained once; again after the server forgot it. */
    private CredentialCallOption credential(boolean renew) {
        CredentialCallOption c = credential;
        if (c == null || renew) {
            synchronized (this) {
                if (credential == null || renew) {
                    if (settings.token() != null) {
                        credential = new CredentialCallOption(new BearerCredentialWriter(settings.token().reveal()));
                    } else {
                        try {
                            credential = client.authenticateBasicToken(settings.username(), settings.password().reveal())
                                    .orElseThrow(() -> new ConfigurationException("Dremio at " + describe()
                                            + " returned no token for " + settings.username()));
                        } catch (FlightRuntimeException e) {
                            throw translate("log in", e);
                        }
                    }
                }
                c = credential;
            }
        }
        return c;
    }

    /** Runs {@code SELECT 1} over Flight: the port, the credentials and the Flight service in one call. */
    @Override
    public io.redback.rdw.Health health() {
        long start = System.nanoTime();
        try (RowCursor c = execute(new CheckedQuery("SELECT 1", io.redback.rdw.QueryCheck.allowed("SELECT",
                java.util.List.of()), java.util.List.of()))) {
            boolean ok = c.next();
            java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
            return ok ? io.redback.rdw.Health.up("query", describe(), took, "answered SELECT 1 over Arrow Flight")
                    : io.redback.rdw.Health.down("query", describe(), took, "SELECT 1 returned no row");
        } catch (io.redback.rdw.RdwException e) {
            return io.redback.rdw.Health.down("query", describe(), java.time.Duration.ofNanos(System.nanoTime() - start),
                    e.getMessage());
        }
    }

    @Override
    public RowCursor execute(CheckedQuery query) {
        if (!query.check().allowed()) {
            throw new ForbiddenException("query refused: " + query.check().reason());
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        FlightInfo info;
        try {
            info = sql.execute(query.sql(), options(deadline, false));
        } catch (FlightRuntimeException e) {
            if (e.status().code() != org.apache.arrow.flight.FlightStatusCode.UNAUTHENTICATED || settings.token() != null) {
                throw translate("run the query", e);
            }
            try {
                info = sql.execute(query.sql(), options(deadline, true));
            } catch (FlightRuntimeException again) {
                throw translate("run the query", again);
            }
        }
        return new Cursor(info, deadline);
    }

    private CallOption[] options(long deadline, boolean renew) {
        long left = Math.max(1, deadline - System.nanoTime());
        return new CallOption[]{credential(renew), CallOptions.timeout(left, TimeUnit.NANOSECONDS)};
    }

    RdwException translate(String what, FlightRuntimeException e) {
        String message = e.status().description() == null ? e.getMessage() : e.status().description();
        return switch (e.status().code()) {
            case UNAUTHENTICATED, UNAUTHORIZED -> new ConfigurationException("Dremio (" + describe()
                    + ") refused the credentials: check " + (settings.token() != null ? DremioKeys.TOKEN.describe()
                    : DremioKeys.USERNAME.describe() + " and " + DremioKeys.PASSWORD.describe()), e);
            case UNAVAILABLE -> new BackendUnavailableException("cannot reach Dremio at " + describe() + " to " + what
                    + ": " + message, e);
            case TIMED_OUT -> new BackendUnavailableException("the query did not finish within " + settings.timeout()
                    .toString().substring(2).toLowerCase(java.util.Locale.ROOT) + " (" + describe() + "); it was cancelled", e);
            case NOT_FOUND -> new NotFoundException("query failed: " + message, e);
            case INVALID_ARGUMENT, UNIMPLEMENTED, ALREADY_EXISTS -> new InvalidInputException("query failed: " + message, e);
            case CANCELLED -> new BackendUnavailableException("the query was cancelled (" + describe() + "): " + message, e);
            default -> new BackendUnavailableException("Dremio failed to " + what + " (" + describe() + ", "
                    + e.status().code() + "): " + message, e);
        };
    }

    /** Arrow memory this engine's results hold now: zero once every result is closed and its buffers are back. */
    long allocatedMemory() {
        return allocator.getAllocatedMemory();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // closing
        }
        try {
            allocator.close();
        } catch (IllegalStateException leak) {
            // a result still open when its engine closed (a closed or cancelled result gives its buffers back): say so,
            // but closing must not fail the caller
            org.slf4j.LoggerFactory.getLogger(DremioFlightEngine.class).warn("closing the Flight client ({}) with Arrow "
                    + "memory still held, by a result that was not closed: {}", describe(), leak.getMessage());
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Rows of a Flight SQL result, batch after batch, endpoint after endpoint. */
    private final class Cursor implements RowCursor, ArrowBatches {
        private final List<FlightEndpoint> endpoints;
        private final long deadline;
        private final List<Column> columns;
        private int endpoint;
        private FlightStream stream;
        private VectorSchemaRoot root;
        private java.util.function.IntFunction<Object>[] readers;
        private int row = -1;
        private boolean done;

        Cursor(FlightInfo info, long deadline) {
            this.endpoints = info.getEndpoints();
            this.deadline = deadline;
            Schema schema = info.getSchemaOptional().orElse(null);
            if (schema == null) {
                nextBatch();
                schema = root == null ? new Schema(List.of()) : root.getSchema();
                row = -1;
            }
            List<Column> cols = new ArrayList<>();
            for (Field f : schema.getFields()) {
                cols.add(new Column(f.getName(), ArrowValues.typeName(f)));
            }
            this.columns = List.copyOf(cols);
        }

        @Override
        public List<Column> columns() {
            return columns;
        }

        @Override
        public boolean nextBatch() {
            try {
                while (!done) {
                    if (stream != null && stream.next()) {
                        root = stream.getRoot();
                        readers = readersOf(root);
                        row = -1;
                        return true;
                    }
                    closeStream(false);
                    if (endpoint == endpoints.size()) {
                        done = true;
                        root = null;
                        return false;
                    }
                    FlightEndpoint e = endpoints.get(endpoint++);
                    stream = sql.getStream(e.getTicket(), options(deadline, false));
                }
                return false;
            } catch (FlightRuntimeException e) {
                close();
                throw translate("read the result", e);
            }
        }

        @Override
        public VectorSchemaRoot batch() {
            return root;
        }

        @Override
        public boolean next() {
            while (root == null || row + 1 >= root.getRowCount()) {
                if (!nextBatch()) {
                    return false;
                }
            }
            row++;
            return true;
        }

        @Override
        public Object value(int index) {
            return readers[index].apply(row);
        }

        @SuppressWarnings("unchecked")
        private static java.util.function.IntFunction<Object>[] readersOf(VectorSchemaRoot root) {
            java.util.function.IntFunction<Object>[] r = new java.util.function.IntFunction[root.getFieldVectors().size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = ArrowValues.reader(root.getVector(i));
            }
            return r;
        }

        private void closeStream(boolean cancel) {
            if (stream != null) {
                try {
                    if (cancel) {
                        stream.cancel("closed by the client", null);
                    }
                    stream.close();
                } catch (Exception ignored) {
                    // the stream is finished either way
                }
                stream = null;
            }
        }

        @Override
        public void close() {
            closeStream(!done);
            done = true;
            root = null;
        }
    }
}
