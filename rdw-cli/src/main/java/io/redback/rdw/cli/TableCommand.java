package io.redback.rdw.cli;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.QueryResult;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.tables.TableSnapshot;
import io.redback.rdw.tables.TableVersion;
import io.redback.rdw.tables.Tables;
import io.redback.rdw.tables.VersionedTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Function;

@Command(name = "table", header = "Versioned tables (Apache Iceberg): create, append, branches, tags, merge, history, rollback.",
        mixinStandardHelpOptions = true,
        description = {"A table's files are Parquet objects of the layer's bucket under PROJECT/TABLE/ (data/, metadata/);",
                "the warehouse folder's embedded catalog keeps which version is current. Every commit is a snapshot",
                "and a table:committed provenance event. Tables are named PROJECT.TABLE, e.g. project1.rides."},
        subcommands = {TableCommand.Create.class, TableCommand.Append.class, TableCommand.Ls.class, TableCommand.Show.class,
                TableCommand.History.class, TableCommand.Branch.class, TableCommand.Tag.class, TableCommand.Merge.class,
                TableCommand.Rollback.class},
        footer = {"", "Examples:", "  rdw table create silver project1.rides --from silver:project1/2026/rides_processed.parquet",
                "  rdw table branch silver project1.rides dev",
                "  rdw table append silver project1.rides --branch dev --file more.parquet",
                "  rdw table show silver project1.rides --at dev", "  rdw table merge silver project1.rides dev",
                "  rdw table tag silver project1.rides v1", "  rdw table rollback silver project1.rides 3051729675574597004"})
final class TableCommand {
    @ParentCommand
    RdwCommand root;

    /** The table's layer and name, the positional arguments every subcommand starts with. */
    abstract static class OnTable implements Callable<Integer> {
        @ParentCommand
        TableCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "LAYER", description = "silver or gold (bronze works too).")
        String layer;
        @Parameters(index = "1", paramLabel = "PROJECT.TABLE", description = "The table, e.g. project1.rides.")
        String name;
        @Option(names = "--branch", defaultValue = "main", description = "The branch to read or write (default: main).")
        String branch;

        @Override
        public Integer call() {
            try (WarehouseClient dw = parent.root.client()) {
                return run(dw, out());
            }
        }

        abstract int run(WarehouseClient dw, PrintWriter out);

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        VersionedTable table(WarehouseClient dw) {
            VersionedTable t = Tables.on(dw).load(Layer.parse(layer), name);
            return branch.equals("main") ? t : t.onBranch(branch);
        }
    }

    /** Where new rows come from: a local Parquet file or a stored Parquet object. */
    abstract static class WithInput extends OnTable {
        @Option(names = "--file", paramLabel = "PARQUET", description = "A local Parquet file.")
        Path file;
        @Option(names = "--from", paramLabel = "LAYER:KEY", description = "A stored Parquet object (a pipeline's result).")
        String from;

        <T> T input(Function<Path, T> onFile, Function<ObjectRef, T> onObject) {
            if ((file == null) == (from == null)) {
                throw new InvalidInputException("give the rows with --file PARQUET or --from LAYER:KEY");
            }
            return file != null ? onFile.apply(file) : onObject.apply(ObjectRef.parse(from));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, header = "Create a table from a Parquet file or object.")
    static final class Create extends WithInput {
        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            Layer l = Layer.parse(layer);
            VersionedTable t = input(f -> Tables.on(dw).create(l, name, f), o -> Tables.on(dw).create(l, name, o));
            out.println(t + ": " + line(t.history().get(0)));
            return 0;
        }
    }

    @Command(name = "append", mixinStandardHelpOptions = true, header = "Append a Parquet file's or object's rows.")
    static final class Append extends WithInput {
        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            VersionedTable t = table(dw);
            out.println(t + ": " + line(input(t::append, t::append)));
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, header = "List a project's tables in a layer.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        TableCommand parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "LAYER")
        String layer;
        @Parameters(index = "1", paramLabel = "PROJECT")
        String project;

        @Override
        public Integer call() {
            try (WarehouseClient dw = parent.root.client()) {
                Tables.on(dw).list(Layer.parse(layer), project).forEach(spec.commandLine().getOut()::println);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            header = "Show a table's columns, branches and tags, and rows of a version.")
    static final class Show extends OnTable {
        @Option(names = "--at", paramLabel = "VERSION",
                description = "A branch or tag, a snapshot id, or an ISO instant (2026-12-03T10:00:00Z); default: the branch's head.")
        String at;
        @Option(names = "--limit", defaultValue = "20", description = "Rows to show (default 20; 0 for none).")
        int limit;

        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            VersionedTable t = table(dw);
            out.println(t);
            t.schema().forEach(c -> out.println("  " + c.name() + " " + c.type()));
            t.refs().forEach((ref, what) -> out.println("  " + what.split(" ")[0] + " " + ref + " at " + what.split(" ")[1]));
            if (limit > 0) {
                try (QueryResult r = t.read(version(at))) {
                    out.print(r.toText(limit));
                }
            }
            return 0;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, header = "A branch's versions, newest first.")
    static final class History extends OnTable {
        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            table(dw).history().forEach(s -> out.println(line(s)));
            return 0;
        }
    }

    /** A branch or tag: made at the head of --branch, or deleted. */
    abstract static class RefCommand extends OnTable {
        @Parameters(index = "2", paramLabel = "NAME")
        String ref;
        @Option(names = "--delete", description = "Delete it instead.")
        boolean delete;

        /** {@code branch} or {@code tag}. */
        abstract String kind();

        abstract void make(VersionedTable t, String name);

        abstract void drop(VersionedTable t, String name);

        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            VersionedTable t = table(dw);
            if (delete) {
                drop(t, ref);
                out.println("deleted " + kind() + " " + ref + " of " + t.name());
            } else {
                make(t, ref);
                out.println(kind() + " " + ref + " of " + t.name() + " at " + t.history().get(0).id());
            }
            return 0;
        }
    }

    @Command(name = "branch", mixinStandardHelpOptions = true, header = "Make a branch at the head of --branch, or delete one.")
    static final class Branch extends RefCommand {
        @Override
        String kind() {
            return "branch";
        }

        @Override
        void make(VersionedTable t, String name) {
            t.createBranch(name);
        }

        @Override
        void drop(VersionedTable t, String name) {
            t.deleteBranch(name);
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, header = "Name the head of --branch for good, or delete a tag.")
    static final class Tag extends RefCommand {
        @Override
        String kind() {
            return "tag";
        }

        @Override
        void make(VersionedTable t, String name) {
            t.createTag(name);
        }

        @Override
        void drop(VersionedTable t, String name) {
            t.deleteTag(name);
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            header = "Fast-forward --branch (default main) to SOURCE's head; refused when --branch moved since.")
    static final class Merge extends OnTable {
        @Parameters(index = "2", paramLabel = "SOURCE")
        String source;

        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            VersionedTable t = table(dw);
            out.println(t + ": " + line(t.merge(source)));
            return 0;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, header = "Make an earlier version of --branch current again.")
    static final class Rollback extends OnTable {
        @Parameters(index = "2", paramLabel = "SNAPSHOT")
        long snapshot;

        @Override
        int run(WarehouseClient dw, PrintWriter out) {
            VersionedTable t = table(dw);
            out.println(t + ": " + line(t.rollback(snapshot)));
            return 0;
        }
    }

    static TableVersion version(String at) {
        if (at == null) {
            return TableVersion.current();
        }
        if (at.matches("-?[0-9]+")) {
            return TableVersion.snapshot(Long.parseLong(at));
        }
        if (at.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*")) {
            return TableVersion.at(Instant.parse(at));
        }
        return TableVersion.ref(at);
    }

    static String line(TableSnapshot s) {
        return "snapshot " + s.id() + " " + s.committedAt() + " " + s.operation() + " +" + s.addedRows() + " rows, "
                + s.totalRows() + " in all";
    }
}
