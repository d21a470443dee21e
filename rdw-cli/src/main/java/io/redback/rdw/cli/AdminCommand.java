package io.redback.rdw.cli;

import io.redback.rdw.admin.ProvenanceAdmin;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

@Command(name = "admin", header = "Set up the warehouse's shared services (for its administrators).",
        mixinStandardHelpOptions = true,
        description = {"Set up the warehouse's shared services (for its administrators)."},
        subcommands = {AdminCommand.Provenance.class})
final class AdminCommand {
    @ParentCommand
    RdwCommand root;

    @Command(name = "provenance", header = "The central provenance table.", mixinStandardHelpOptions = true,
            description = {"The central provenance table in PostgreSQL."}, subcommands = {Init.class})
    static final class Provenance {
        @ParentCommand
        AdminCommand admin;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            header = "Create the provenance table where it is missing; check it where it exists.",
            description = {"Create the provenance table with the store's own DDL where it is missing, as the administrator",
                    "(rdw.postgres.admin-user, else rdw.postgres.user). An existing table is never altered: if it differs",
                    "from the store's, each difference is named and the command exits 6."},
            footer = {"", "Example:", "  POSTGRES_HOST=db POSTGRES_DB=dw POSTGRES_USER=admin POSTGRES_PASSWORD=... rdw admin provenance init"})
    static final class Init implements Callable<Integer> {
        @ParentCommand
        Provenance parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ProvenanceAdmin.Result r = ProvenanceAdmin.init(parent.admin.root.config());
            spec.commandLine().getOut().println(r.table() + (r.state() == ProvenanceAdmin.TableState.CREATED
                    ? ": created" : ": exists and matches the store's table; nothing changed"));
            return 0;
        }
    }
}
