package io.redback.rdw.cli;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.time.Duration;

@Command(name = "rdw", mixinStandardHelpOptions = true, versionProvider = RdwCommand.Version.class,
        description = {
                "The Redback Data Warehouse from your terminal: upload raw files to bronze, clean them into silver,",
                "query them with SQL. With nothing configured it runs on an embedded warehouse in a local folder;",
                "set RDW_S3_ENDPOINT / DREMIO_URL (see 'rdw config') to work against the real services.",
                "",
                "New here? Run: rdw quickstart"},
        subcommands = {QuickstartCommand.class, InitCommand.class, UploadCommand.class, ListCommand.class,
                GetCommand.class, ScanCommand.class, ShareCommand.class, CleanCommand.class, PrepCommand.class, ContractCommand.class, TableCommand.class, QueryCommand.class,
                CatalogCommand.class, RegisterCommand.class, DocsCommand.class, ProvenanceCommand.class, LineageCommand.class,
                EventsCommand.class, DagCommand.class, StreamCommand.class, MqttCommand.class, DoctorCommand.class, ConfigCommand.class, AdminCommand.class, BackupCommand.class,
                JShellCommand.class, KernelCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0 done, 2 bad usage, 3 not found, 4 refused (forbidden or already exists), 5 invalid input,",
                "  6 configuration, 7 backend unavailable, 1 other errors."})
final class RdwCommand {
    /** Where the settings of this command line say they came from ('rdw config' shows it). */
    static final String ORIGIN = "command line";

    @Option(names = "--warehouse", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Use the embedded warehouse in this folder (default: rdw.warehouse, see 'rdw config').")
    Path warehouse;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log what rdw does, and show stack traces.")
    boolean verbose;

    /** A client for this invocation: the embedded warehouse in --warehouse, or the configured one. */
    WarehouseClient client() {
        return client(Access.WRITE);
    }

    /** What a command does with the warehouse: one that only reads must not make a new one out of a mistyped folder. */
    enum Access { READ, WRITE }

    /** The configuration of this invocation, without opening anything. */
    RdwConfig config() {
        return builder(Access.WRITE).configuration();
    }

    WarehouseClient client(Access access) {
        return builder(access).build();
    }

    private WarehouseClient.Builder builder(Access access) {
        WarehouseClient.Builder b = WarehouseClient.builder().eventSource("rdw:cli").origin(ORIGIN);
        if (warehouse != null) {
            b.warehouse(warehouse);
        }
        if (access == Access.READ) {
            b.set(RdwConfig.WAREHOUSE_CREATE, "false");
        }
        return b;
    }

    /**
     * After a write: waits for its provenance to reach the remote sinks (up to rdw.provenance.flush-timeout) and says
     * which events still wait in the outbox, and why. The write itself is done either way.
     */
    static void reportQueuedProvenance(WarehouseClient dw, java.io.PrintWriter err) {
        // the client's own configuration: resolving the command line's again would be the same work twice
        Duration wait = dw.context().config().duration(RdwConfig.PROVENANCE_FLUSH_TIMEOUT);
        for (io.redback.rdw.ProvenanceDelivery d : dw.flushProvenance(wait)) {
            if (d.queued() > 0) {
                err.println("provenance: " + d.queued() + " event" + (d.queued() == 1 ? "" : "s") + " queued for " + d.sink()
                        + (d.problem() == null ? "" : " (" + d.problem() + ")")
                        + "; delivered on the next run, or now by: rdw provenance flush");
            }
            if (d.deadLettered() > 0 && d.delivered() > 0) {
                err.println("provenance: " + d.sink() + " refused " + d.deadLettered() + " event(s) for good; they are kept in "
                        + d.deadLetterFile());
            }
        }
    }

    /** Counted down by {@link Main#main} once the command returned, before it exits: a Ctrl-C hook waits no longer. */
    static final java.util.concurrent.CountDownLatch FINISHED = new java.util.concurrent.CountDownLatch(1);
    /** Whether a command was stopped by Ctrl-C (or a kill): it then ends with its own exit code, not the signal's. */
    static volatile boolean stopped;

    /**
     * For a command that runs until stopped: Ctrl-C interrupts {@code worker} and gives it a few seconds to finish what
     * it has in hand (commit, close) before the JVM exits. The hook waits for the command to return ({@link #FINISHED}),
     * not for its thread to end: that thread's exit waits for the hook.
     */
    static Thread stopOnInterrupt(Thread worker) {
        Thread stop = new Thread(() -> {
            stopped = true;
            worker.interrupt();
            try {
                FINISHED.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rdw-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        return stop;
    }

    static void removeStop(Thread stop) {
        Thread.interrupted(); // a stop asked for is not an error
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook runs and waits for the worker
        }
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"rdw " + WarehouseClient.version()};
        }
    }
}
