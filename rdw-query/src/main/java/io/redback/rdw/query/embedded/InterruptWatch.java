package io.redback.rdw.query.embedded;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupting the thread that runs a query cancels it. DuckDB runs a statement in native code, which never sees a
 * Java interrupt; a watcher looks at the threads waiting for a statement ten times a second and cancels the
 * statement of one that was interrupted (a notebook's interrupt, a shutting-down server). It cancels again at every
 * look while the statement is watched: a cancel that comes before DuckDB has started the statement is forgotten when
 * it starts, and an interrupt that came before the statement does not wait for a new one.
 */
final class InterruptWatch {
    private static final long PERIOD_MILLIS = 100;
    private static final Map<Statement, Thread> RUNNING = new ConcurrentHashMap<>();
    private static Thread watcher;

    private InterruptWatch() {
    }

    /** Watches {@code statement} until the returned handle is closed; the current thread is the one to watch. */
    static Handle watch(Statement statement) {
        RUNNING.put(statement, Thread.currentThread());
        ensureWatcher();
        return () -> RUNNING.remove(statement);
    }

    /** Stops watching a statement. */
    interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private static synchronized void ensureWatcher() {
        if (watcher == null || !watcher.isAlive()) {
            watcher = new Thread(InterruptWatch::watchLoop, "rdw-duckdb-interrupts");
            watcher.setDaemon(true);
            watcher.start();
        }
    }

    private static void watchLoop() {
        while (true) {
            RUNNING.forEach((statement, thread) -> {
                if (thread.isInterrupted()) {
                    try {
                        statement.cancel();
                    } catch (SQLException | RuntimeException e) {
                        // the statement ended meanwhile: nothing left to cancel
                    }
                }
            });
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
