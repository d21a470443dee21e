package io.redback.rdw.query;

import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.query.embedded.EmbeddedSqlRuntimeProvider;
import io.redback.rdw.spi.SqlRuntime;

import java.nio.file.Path;

/** Exports of query results beyond text: Parquet, whatever engine produced the rows. */
public final class Results {
    private Results() {
    }

    /**
     * Writes every row of {@code result} to a Parquet file, types kept (lists, structs and maps as JSON text), through
     * the embedded SQL runtime's {@link SqlRuntime#writeParquet}; the file appears only when complete.
     *
     * @return the number of rows written
     */
    public static long writeParquet(QueryResult result, Path output, RdwConfig config) {
        try (result; SqlRuntime runtime = new EmbeddedSqlRuntimeProvider().open(config)) {
            return runtime.writeParquet(result.columns(), result.iterator(), output);
        }
    }
}
