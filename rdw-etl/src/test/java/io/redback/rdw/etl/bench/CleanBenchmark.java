package io.redback.rdw.etl.bench;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipeline;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.helpers.TemporaryFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The library path a team embeds, timed as it is used: one JVM cleans a warm-up file, then the measured one, with
 * {@link Pipelines#run} on an embedded warehouse's runtime (what a JShell session, a notebook or an application does
 * for its second file). Prints the run as {@link PipelineResult#toString()} does ({@code ... N rows in, M out ...}),
 * then {@code seconds: S} (the measured run's wall time) and its phases; {@code --profile} times the statement and the
 * write apart.
 *
 * <p>Usage: {@code CleanBenchmark clean|prep INPUT OUTPUT --warmup FILE [--profile]}. Run by
 * {@code bench/clean-vs-pandas.sh} and {@code bench/clean-profile.sh}.
 */
public final class CleanBenchmark {
    private CleanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5 || !args[3].equals("--warmup") || !(args[0].equals("clean") || args[0].equals("prep"))) {
            System.err.println("usage: CleanBenchmark clean|prep INPUT OUTPUT --warmup FILE [--profile]");
            System.exit(2);
        }
        Pipeline pipeline = args[0].equals("clean") ? Pipeline.clean() : Pipeline.mlPrep();
        Path input = Path.of(args[1]);
        Path output = Path.of(args[2]);
        Path warmup = Path.of(args[4]);
        boolean profile = args.length > 5 && args[5].equals("--profile");
        Path warehouse = TemporaryFiles.createSystemDirectory("bench");
        try (WarehouseClient dw = WarehouseClient.builder()
                .config(RdwConfig.builder().noFile().warehouse(warehouse).build()).build()) {
            Path warmOut = warehouse.resolve("warmup" + extension(output));
            PipelineResult warm = Pipelines.run(pipeline, warmup, warmOut, dw, o -> o.overwrite());
            System.err.println("warm-up: " + warm);
            Files.deleteIfExists(warmOut);
            long started = System.nanoTime();
            PipelineResult r = Pipelines.run(pipeline, input, output, dw, o -> {
                o.overwrite();
                if (profile) {
                    o.profile();
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.println(r);
            System.out.println(String.format(Locale.ROOT, "seconds: %.3f", seconds));
            System.out.print(r.profile());
        } finally {
            TemporaryFiles.deleteTree(warehouse);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? ".csv" : name.substring(dot);
    }
}
