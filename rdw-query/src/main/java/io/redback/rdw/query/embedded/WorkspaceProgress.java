package io.redback.rdw.query.embedded;

import io.redback.rdw.Progress;
import io.redback.rdw.ProgressListener;
import org.duckdb.DuckDBPreparedStatement;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How far a workspace's operation is, for its listener: a thread asks DuckDB a few times a second how far the
 * statement now running is (DuckDB tracks it only with its progress bar on, which must not print). Each operation
 * starts again from 0, never goes back, and ends at 100 when it completes. Without a listener nothing runs.
 */
final class WorkspaceProgress implements AutoCloseable {
    private static final long POLL_MILLIS = 250;

    private volatile ProgressListener listener;
    private volatile Statement running;
    private ScheduledExecutorService poller;
    /** Which operation is running, so that a late answer about the one before is not reported for it. */
    private long operation;
    private long shown = -1;

    /** Starts reporting to {@code value}; {@code enable} turns DuckDB's tracking on for the connection. */
    synchronized void listen(ProgressListener value, StatementRunner enable) throws SQLException {
        if (listener == null) {
            enable.run("SET enable_progress_bar = true");
            enable.run("SET enable_progress_bar_print = false");
        }
        listener = value;
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rdw-sql-progress");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A statement that runs one command, for {@link #listen}. */
    @FunctionalInterface
    interface StatementRunner {
        void run(String sql) throws SQLException;
    }

    /** An operation starts. */
    synchronized void begin() {
        operation++;
        shown = -1;
    }

    /** {@code st} is the statement of the running operation whose progress counts (null: none now). */
    void track(Statement st) {
        running = st;
    }

    /** The running operation has completed. */
    void completed() {
        running = null;
        long op;
        synchronized (this) {
            op = operation;
        }
        report(op, 100);
    }

    private void poll() {
        Statement st = running;
        if (st == null || listener == null) {
            return;
        }
        long op;
        synchronized (this) {
            op = operation;
        }
        try {
            double p = ((DuckDBPreparedStatement) st).getQueryProgress().getPercentage();
            if (p >= 0) {
                // a statement's own end is reported by completed(): the operation may have more to do
                report(op, (long) Math.min(p, 99));
            }
        } catch (SQLException | RuntimeException e) {
            // no query running on it right now, or it just ended: ask again at the next tick
        }
    }

    private void report(long op, long percent) {
        ProgressListener l = listener;
        if (l == null) {
            return;
        }
        synchronized (this) {
            if (op != operation || percent <= shown) {
                return;
            }
            shown = percent;
            // under the lock, so that two reports cannot reach the listener out of order
            l.update(new Progress(percent, 100, Progress.Unit.PERCENT));
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
