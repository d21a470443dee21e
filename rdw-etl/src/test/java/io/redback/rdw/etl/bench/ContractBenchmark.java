package io.redback.rdw.etl.bench;

import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.etl.Pipeline;
import io.redback.rdw.etl.PipelineResult;
import io.redback.rdw.etl.Pipelines;
import io.redback.rdw.etl.contracts.CheckResult.Result;
import io.redback.rdw.etl.contracts.Contract;
import io.redback.rdw.etl.contracts.ContractReport;
import io.redback.rdw.etl.contracts.Contracts;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The contract benchmark's rdw side (run by {@code bench/contract-vs-pandas.sh}), two commands:
 * <ul>
 *   <li>{@code prepare INPUT.csv OUT.parquet OUT.csv}: cleans a generated CSV with rdw's clean pipeline into Parquet
 *   (the dataset the contract is about), and writes the same rows as CSV for the pandas peer, which has no Parquet
 *   engine on these machines (Debian's pandas comes without pyarrow or fastparquet). Outside the measurement.</li>
 *   <li>{@code check DATA.parquet CONTRACT.yaml REPORT.json [--warmup WARMUP.parquet]}: puts the Parquet into an
 *   embedded warehouse's silver layer, checks it once with {@code Contracts.on(dw).check(...)} (after checking the
 *   warm-up file, when given, as a JShell session or an application would for its second dataset) and prints one
 *   line, {@code contract-check: ms=M passes=P checks=C schema=S failed=F warnings=W rows=R}, where M is the measured
 *   check's wall time, P the queries that read the data, C the checks that read it and S the columns' presence.
 *   The report goes to REPORT.json ({@link ContractReport#toJson()}). Peak memory is the process's, measured from
 *   outside ({@code /usr/bin/time}).</li>
 * </ul>
 * Exits 1 when a check could not run (an {@code error} result): the benchmark measures checks that ran.
 */
public final class ContractBenchmark {
    private ContractBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("prepare")) {
            prepare(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else if ((args.length == 4 || args.length == 6 && args[4].equals("--warmup")) && args[0].equals("check")) {
            System.exit(check(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    args.length == 6 ? Path.of(args[5]) : null));
        } else {
            System.err.println("usage: ContractBenchmark prepare INPUT.csv OUT.parquet OUT.csv\n"
                    + "       ContractBenchmark check DATA.parquet CONTRACT.yaml REPORT.json [--warmup WARMUP.parquet]");
            System.exit(2);
        }
    }

    private static WarehouseClient open(Path warehouse) {
        return WarehouseClient.builder().config(RdwConfig.builder().noFile().warehouse(warehouse).build()).build();
    }

    private static void prepare(Path input, Path parquet, Path csv) throws Exception {
        Path warehouse = TemporaryFiles.createSystemDirectory("bench");
        try (WarehouseClient dw = open(warehouse)) {
            PipelineResult r = Pipelines.run(Pipeline.clean(), input, parquet, dw, o -> o.overwrite());
            System.out.println(r);
            try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("contract bench", warehouse)) {
                String from = "SELECT * FROM read_parquet('" + parquet.toAbsolutePath().toString().replace("'", "''") + "')";
                long rows = ws.copy(from, csv, FileFormat.CSV);
                System.out.println("csv: " + rows + " rows to " + csv);
                StringBuilder schema = new StringBuilder("columns:");
                var types = ws.query("SELECT * FROM (" + from + ") LIMIT 0");
                for (int i = 0; i < types.names().size(); i++) {
                    schema.append(' ').append(types.names().get(i)).append('=').append(types.types().get(i));
                }
                System.out.println(schema);
            }
        } finally {
            TemporaryFiles.deleteTree(warehouse);
        }
    }

    private static int check(Path data, Path contractFile, Path reportFile, Path warmup) throws Exception {
        Contract contract = Contract.read(contractFile);
        Path warehouse = TemporaryFiles.createSystemDirectory("bench");
        try (WarehouseClient dw = open(warehouse)) {
            if (warmup != null) {
                dw.bucket(Layer.SILVER).put("warmup/rides.parquet", warmup);
                ContractReport warm = Contracts.on(dw).check(new ObjectRef(Layer.SILVER, "warmup/rides.parquet"), contract);
                System.err.println("warm-up: " + warm.summary() + " in " + warm.took().toMillis() + " ms");
            }
            // the object is named after the contract's object (rides), so the contract finds it by name
            dw.bucket(Layer.SILVER).put("bench/rides.parquet", data);
            ObjectRef dataset = new ObjectRef(Layer.SILVER, "bench/rides.parquet");
            long started = System.nanoTime();
            ContractReport report = Contracts.on(dw).check(dataset, contract);
            double ms = (System.nanoTime() - started) / 1e6;
            Files.writeString(reportFile, report.toJson(), StandardCharsets.UTF_8);
            long rows = report.checks().stream().filter(c -> c.metric().equals("rowCount") && c.value() != null)
                    .mapToLong(c -> c.value().longValue()).findFirst().orElse(-1);
            long schema = report.checks().stream().filter(c -> c.metric().equals("schema")).count();
            System.out.println(String.format(Locale.ROOT,
                    "contract-check: ms=%.1f passes=%d checks=%d schema=%d failed=%d warnings=%d rows=%d", ms,
                    report.passes(), report.checks().size() - schema, schema, report.count(Result.FAILED),
                    report.count(Result.WARNING), rows));
            System.err.println(report.summary());
            long errors = report.count(Result.ERROR);
            if (errors > 0) {
                System.err.println(report.problemsTable(false));
                System.err.println("contract-check: " + errors + " checks could not run");
                return 1;
            }
            return 0;
        } finally {
            TemporaryFiles.deleteTree(warehouse);
        }
    }
}
