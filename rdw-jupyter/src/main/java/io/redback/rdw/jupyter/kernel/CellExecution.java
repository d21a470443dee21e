package io.redback.rdw.jupyter.kernel;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs JShell's snippets in this JVM (so a cell's {@code display(..)} reaches the kernel), each on a thread of its
 * own that an interrupt can reach. JShell only passes values on as strings; this keeps each snippet's value and hands
 * JShell a key to it, so the kernel renders the object itself, not its {@code toString()}.
 */
final class CellExecution extends LocalExecutionControl {
    /** How long an interrupted snippet may take to give up on its own before its thread is stopped. */
    private static final long GRACE_MILLIS = 3_000;
    private static final String KEY_PREFIX = "rdw-value-";

    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private volatile Thread running;
    /** An interrupt came during this cell, perhaps while it was compiled: what has not run yet does not start. */
    private volatile boolean stopRequested;

    /** The value a snippet left, by the key JShell reported as its value; empty for a key that is not one. */
    Object value(String key) {
        return key == null ? null : values.get(key);
    }

    /**
     * A new cell begins: forgets the values of earlier cells (a query result, a large list), so they can be collected,
     * and an interrupt meant for an earlier one.
     */
    void beginCell() {
        values.clear();
        stopRequested = false;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        if (stopRequested) {
            throw new ExecutionControl.StoppedException();
        }
        AtomicReference<Object> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread cell = new Thread(() -> {
            try {
                result.set(doit.invoke(null));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "rdw-cell");
        cell.setContextClassLoader(doit.getDeclaringClass().getClassLoader());
        running = cell;
        try {
            cell.start();
            if (stopRequested) {
                stop(); // the interrupt came between the check above and this thread's start
            }
            cell.join();
        } finally {
            running = null;
        }
        Throwable t = failure.get();
        if (t instanceof ThreadDeath || t instanceof InvocationTargetException ite && ite.getCause() instanceof ThreadDeath) {
            throw new ExecutionControl.StoppedException();
        }
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new InvocationTargetException(t);
        }
        String key = KEY_PREFIX + keys.incrementAndGet();
        if (result.get() != null) {
            values.put(key, result.get());
        }
        return key;
    }

    /**
     * Interrupts the running snippet: a waiting or sleeping cell, and a query of the embedded engine, end at once;
     * code that ignores interrupts is stopped after a grace period.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        stopRequested = true;
        Thread cell = running;
        if (cell == null) {
            return;
        }
        cell.interrupt();
        Thread enforcer = new Thread(() -> {
            try {
                cell.join(GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (cell.isAlive()) {
                cell.stop(); // the only way to end a loop that never looks at its interrupt flag
            }
        }, "rdw-cell-stop");
        enforcer.setDaemon(true);
        enforcer.start();
    }

    /** Hands JShell this very instance. */
    record Provider(CellExecution execution) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "rdw-cell";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return execution;
        }
    }
}
