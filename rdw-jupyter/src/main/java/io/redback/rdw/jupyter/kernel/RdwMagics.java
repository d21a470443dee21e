package io.redback.rdw.jupyter.kernel;

import io.redback.rdw.Column;
import io.redback.rdw.ConfigKey;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Row;
import io.redback.rdw.Warehouse;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * What the magics of a cell turn into (see {@link MagicSource}): {@code %%sql} runs its query through
 * {@link Warehouse#query}, so the SELECT-only guard decides; {@code %rdw config} and {@code %rdw warehouse PATH}
 * show and change what {@code Warehouse.*} uses. Public because cells call it.
 */
public final class RdwMagics {
    static final String RDW_USAGE = "usage: %rdw config | %rdw warehouse PATH";

    private RdwMagics() {
    }

    /** The result of a query; the notebook renders it. */
    public static QueryResult sql(String sql) {
        return Warehouse.query(sql.strip());
    }

    /** All rows of a query, for a variable of the notebook; the result is displayed too. */
    public static List<Row> sqlRows(String sql) {
        List<Column> columns;
        List<Row> rows;
        try (QueryResult result = Warehouse.query(sql.strip())) {
            columns = result.columns();
            rows = List.copyOf(result.toList());
        }
        BaseNotebookStatics.display(new QueryResult(new RowsCursor(columns, rows)));
        return rows;
    }

    /** {@code %rdw ...}. */
    public static String rdw(List<String> args) {
        if (args.equals(List.of("config"))) {
            return config(RdwConfig.load());
        }
        if (args.size() == 2 && args.get(0).equals("warehouse")) {
            Path folder = Path.of(args.get(1)).toAbsolutePath().normalize();
            // the facade reads the configuration again when it next opens: system properties come before the
            // environment and the configuration file
            System.setProperty(RdwConfig.WAREHOUSE.name(), folder.toString());
            Warehouse.reset();
            return "Warehouse.* now uses the warehouse in " + folder + " (opened on first use)";
        }
        throw new IllegalArgumentException(RDW_USAGE);
    }

    /** Every setting with its value (secrets hidden) and where it came from, as {@code rdw config} shows them. */
    static String config(RdwConfig config) {
        StringBuilder out = new StringBuilder();
        for (ConfigKey key : config.keys()) {
            out.append(String.format("%-30s %-40s %s%n", key.name(), config.display(key).orElse("-"),
                    config.origin(key).map(o -> "(" + o + ")").orElse("(unset)")));
        }
        return out.toString().stripTrailing();
    }

    /** A line magic of the kernel's registry; {@code %rdw} is one. */
    public static Object line(String name, List<String> args) throws Exception {
        BaseKernel kernel = BaseKernel.notebookKernel();
        return kernel.getMagicsRegistry().evalLineMagic(kernel, name, args);
    }

    /** A cell magic of the kernel's registry, other than {@code %%sql}. */
    public static Object cell(String name, List<String> args, String body) throws Exception {
        BaseKernel kernel = BaseKernel.notebookKernel();
        return kernel.getMagicsRegistry().evalCellMagic(kernel, name, args, body);
    }

    /** Text the magics pass on in Base64, so no cell content needs escaping in Java. */
    public static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
