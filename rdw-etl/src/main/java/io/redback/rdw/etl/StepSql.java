package io.redback.rdw.etl;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.etl.SqlPlan.Col;
import io.redback.rdw.spi.SqlDialect;
import io.redback.rdw.spi.SqlWorkspace;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each {@link Step} as SQL added to a {@link SqlPlan}, by family: the upload service's presets ({@link Presets}),
 * steps on columns and rows ({@link ColumnSteps}), steps that use statistics of the data ({@link StatisticSteps}),
 * and type conversion ({@link TypeConversion}). Steps whose shape depends on the data (which columns are empty, how
 * values encode) look at it first through the workspace; statistics are computed inside the SQL itself, so the
 * statement is complete wherever it runs, and are also read back to be recorded.
 */
final class StepSql {
    static final Set<String> NUMERIC = Set.of("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "DOUBLE", "FLOAT", "HUGEINT");

    /**
     * What the steps share: the work database, what they record, and whether the SQL must also run elsewhere
     * ({@code portable}: no statistics written in as constants, no tables of the work database).
     */
    record Context(SqlWorkspace ws, String label, LocalDate extractDate, boolean portable, Map<String, Object> stats,
                   List<String> warnings, List<String> droppedColumns, PhaseTimes times) {
        SqlDialect dialect() {
            return ws.dialect();
        }
    }

    private StepSql() {
    }

    static void apply(Step step, SqlPlan plan, Context ctx) {
        if (step instanceof Step.CleanUp) {
            Presets.cleanUp(plan, ctx);
        } else if (step instanceof Step.MlPrep m) {
            Presets.mlPrep(plan, ctx, m.identifiers());
        } else if (step instanceof Step.DropColumns d) {
            ColumnSteps.dropColumns(plan, d.columns(), ctx);
        } else if (step instanceof Step.DropNa d) {
            ColumnSteps.dropNa(plan, d, ctx);
        } else if (step instanceof Step.DropDuplicates d) {
            ColumnSteps.dedup(plan, d.subset().isEmpty() ? dataColumns(plan) : columns(plan, d.subset(), ctx), ctx);
        } else if (step instanceof Step.RenameColumns r) {
            ColumnSteps.rename(plan, r.mapping(), ctx);
        } else if (step instanceof Step.CategoricalEncoding e) {
            ColumnSteps.encode(plan, e.columns(), ctx);
        } else if (step instanceof Step.FillNa f) {
            StatisticSteps.fillNa(plan, f.strategies(), ctx);
        } else if (step instanceof Step.Normalize n) {
            StatisticSteps.normalize(plan, n.columns(), ctx);
        } else if (step instanceof Step.ConvertTypes t) {
            TypeConversion.convert(plan, t, ctx);
        }
    }

    /** The data columns (not extract_date / unique_id, which no dedup or dropna should look at). */
    static List<Col> dataColumns(SqlPlan plan) {
        return plan.columns().stream().filter(c -> !c.name().equals("unique_id") && !c.name().equals("extract_date")).toList();
    }

    /** The named columns, or an error that names the missing one and lists what there is. */
    static List<Col> columns(SqlPlan plan, List<String> names, Context ctx) {
        List<Col> out = new ArrayList<>();
        for (String n : names) {
            Col c = plan.column(n);
            if (c == null) {
                throw new InvalidInputException(ctx.label() + ": there is no column '" + n + "'; the columns are "
                        + plan.columns().stream().map(Col::name).toList());
            }
            out.add(c);
        }
        return out;
    }

    /** A column of relation {@code relation}, qualified: beside a joined row of statistics, names could clash. */
    static String q(String relation, Col c) {
        return relation + "." + c.sql();
    }
}
