package io.redback.rdw.cli;

import io.redback.rdw.DocumentQuery;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.Layer;
import io.redback.rdw.LoadReport;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;

@Command(name = "docs", header = "Keep a project's JSON documents: put, get, find, count, set, delete, load.",
        mixinStandardHelpOptions = true,
        description = {"Keep a project's JSON documents: in MongoDB when MONGO_URI is set, else in the warehouse folder.",
                "Each project has its own collection (COLLECTION_NAME names one for all). Every write is recorded in",
                "provenance. Field names must not start with '$' or contain '.'; filters allow $and, $or, $eq, $ne,",
                "$gt, $gte, $lt, $lte, $in, $nin and $exists."},
        subcommands = {DocsCommand.Put.class, DocsCommand.Get.class, DocsCommand.Find.class, DocsCommand.Count.class,
                DocsCommand.Set.class, DocsCommand.Delete.class, DocsCommand.Load.class},
        footer = {"", "Examples:", "  rdw docs put --project project1 '{\"title\": \"Rides\", \"content\": \"cleaned\"}'",
                "  rdw docs find --project project1 '{\"year\": {\"$gte\": 2024}}' --sort -year --limit 10",
                "  rdw docs load --project project1 notes.ndjson"})
final class DocsCommand {
    @ParentCommand
    RdwCommand root;

    /** Runs {@code work} on the project's documents with a client for this invocation. */
    <T> T with(ProjectOptions p, Function<Documents, T> work) {
        return with(p, RdwCommand.Access.WRITE, work);
    }

    /** As {@link #with(ProjectOptions, Function)} for a command that only reads. */
    <T> T reading(ProjectOptions p, Function<Documents, T> work) {
        return with(p, RdwCommand.Access.READ, work);
    }

    private <T> T with(ProjectOptions p, RdwCommand.Access access, Function<Documents, T> work) {
        try (WarehouseClient dw = root.client(access)) {
            Documents docs = dw.documents(p.project);
            return work.apply(p.rule == null ? docs : docs.withRule(DocumentRule.named(p.rule)));
        }
    }

    static final class ProjectOptions {
        @Option(names = "--project", required = true, description = "The project whose documents these are, e.g. project1.")
        String project;
        @Option(names = "--rule", paramLabel = "RULE",
                description = "Check written documents against a rule: title-and-content (string title and content) or none.")
        String rule;
    }

    /** JSON from the argument, or from standard input for {@code -}. */
    static String json(String arg) {
        if (!"-".equals(arg)) {
            return arg;
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        DocsCommand docs;
        @Spec
        CommandSpec spec;
        @Mixin
        ProjectOptions project;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true, description = "Insert a document and print its id.",
            footer = {"", "Example:", "  rdw docs put --project project1 --rule title-and-content '{\"title\": \"a\", \"content\": \"b\"}'"})
    static final class Put extends Sub {
        @Parameters(paramLabel = "JSON", description = "The document, a JSON object (- reads standard input).")
        String document;

        @Override
        public Integer call() {
            String id = docs.with(project, d -> d.insert(json(document)));
            out().println(id);
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a document as JSON.")
    static final class Get extends Sub {
        @Parameters(paramLabel = "ID", description = "The document's id.")
        String id;

        @Override
        public Integer call() {
            String doc = docs.reading(project, d -> d.get(id, String.class).orElseThrow(() -> new NotFoundException(
                    "document " + id + " does not exist in collection " + d.collection())));
            out().println(doc);
            return 0;
        }
    }

    @Command(name = "find", mixinStandardHelpOptions = true,
            description = {"Print the documents a filter selects, one JSON object per line, streamed.",
                    "Without a sort they come in id order (the order they were inserted in)."},
            footer = {"", "Example:", "  rdw docs find --project project1 '{\"tags\": {\"$in\": [\"gps\"]}}' --sort -year,title --fields title,year --skip 20 --limit 10"})
    static final class Find extends Sub {
        @Parameters(paramLabel = "FILTER_JSON", arity = "0..1", defaultValue = "{}",
                description = "A MongoDB-style filter (default: every document).")
        String filter;
        @Option(names = "--sort", paramLabel = "FIELDS", split = ",", description = "Sort keys, '-' in front for descending: -year,title.")
        String[] sort = {};
        @Option(names = "--fields", paramLabel = "FIELDS", split = ",", description = "Only these fields (and _id).")
        String[] fields = {};
        @Option(names = "--skip", defaultValue = "0", description = "Skip this many (paging).")
        int skip;
        @Option(names = "--limit", defaultValue = "0", description = "At most this many (default: all).")
        int limit;

        @Override
        public Integer call() {
            DocumentQuery q = DocumentQuery.where(json(filter)).sort(trim(sort)).fields(trim(fields)).skip(skip).limit(limit);
            long n = docs.reading(project, d -> {
                try (Stream<String> lines = d.stream(q, String.class)) {
                    PrintWriter out = out();
                    return lines.peek(out::println).count();
                }
            });
            if (n == 0) {
                spec.commandLine().getErr().println("no documents match");
            }
            return 0;
        }

        private static String[] trim(String[] values) {
            return Arrays.stream(values).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, description = "Print how many documents match a filter.")
    static final class Count extends Sub {
        @Parameters(paramLabel = "FILTER_JSON", arity = "0..1", defaultValue = "{}", description = "A filter (default: every document).")
        String filter;

        @Override
        public Integer call() {
            DocumentQuery q = DocumentQuery.where(json(filter));
            long n = docs.reading(project, d -> d.count(q));
            out().println(n);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set fields of a document; the others stay.",
            footer = {"", "Example:", "  rdw docs set --project project1 6650f1c2a4b5c6d7e8f90123 '{\"content\": \"queried\", \"place.city\": \"Hobart\"}'"})
    static final class Set extends Sub {
        @Parameters(index = "0", paramLabel = "ID", description = "The document's id.")
        String id;
        @Parameters(index = "1", paramLabel = "JSON", description = "The fields to set; a name may be a dotted path.")
        String fields;

        @Override
        public Integer call() {
            docs.with(project, d -> {
                d.set(id, json(fields));
                return null;
            });
            out().println(id);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a document.")
    static final class Delete extends Sub {
        @Parameters(paramLabel = "ID", description = "The document's id.")
        String id;

        @Override
        public Integer call() {
            docs.with(project, d -> {
                d.delete(id);
                return null;
            });
            out().println("deleted " + id);
            return 0;
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Load a JSON array or newline-delimited JSON (one document per line) in batches.",
                    "A bad line stops the load: the documents before it are kept, and the error names the line;",
                    "fix it and resume with --from-line. Each batch is recorded in provenance."},
            footer = {"", "Examples:", "  rdw docs load --project project1 notes.ndjson",
                    "  rdw docs load --project project1 --key project1/2025/notes_20251125T101500123Z.ndjson"})
    static final class Load extends Sub {
        @ArgGroup(multiplicity = "1")
        Source source;
        @Option(names = "--batch-size", defaultValue = "1000", description = "Documents per batch (default: ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--from-line", defaultValue = "1", description = "Skip the documents before this line (to resume).")
        long fromLine;

        static final class Source {
            @Parameters(paramLabel = "FILE", description = "A local .json or .ndjson file.")
            Path file;
            @Option(names = "--key", paramLabel = "BRONZE_KEY", description = "Load a bronze object instead of a file.")
            String key;
        }

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = System.console() != null;
            LoadReport report = docs.with(project, d -> {
                java.util.function.Consumer<io.redback.rdw.LoadOptions> options = o -> o.batchSize(batchSize)
                        .fromLine(fromLine).progress(p -> {
                            if (terminal) {
                                err.print("\rloaded " + p.done() + " documents");
                                err.flush();
                            }
                        });
                return source.key != null ? d.load(new ObjectRef(Layer.BRONZE, source.key), options)
                        : d.load(source.file, options);
            });
            if (terminal) {
                err.println();
            }
            out().println(report);
            return 0;
        }
    }
}
