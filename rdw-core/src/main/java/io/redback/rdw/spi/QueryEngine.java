package io.redback.rdw.spi;

/**
 * Runs queries the guard allowed: the embedded SQL engine, Dremio over Arrow Flight SQL or REST.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.QueryEngineContract} from rdw-tck.
 */
public interface QueryEngine extends AutoCloseable {

    /** What runs the queries, without credentials. */
    String describe();

    /**
     * Starts a query and returns its rows as a cursor.
     *
     * @throws io.redback.rdw.NotFoundException         if a dataset it reads does not exist
     * @throws io.redback.rdw.InvalidInputException     if the engine rejects the query (unknown column, type error)
     * @throws io.redback.rdw.BackendUnavailableException if the engine cannot be reached
     */
    RowCursor execute(CheckedQuery query);

    /**
     * The children of a catalog path: sources and spaces at the top ({@code path} empty), then folders and datasets.
     *
     * @throws io.redback.rdw.NotFoundException if there is no such path
     */
    default java.util.List<io.redback.rdw.CatalogEntry> catalog(java.util.List<String> path) {
        throw new UnsupportedOperationException(describe() + " has no catalog");
    }

    /**
     * How this engine spells what standard SQL leaves open (regular expressions, literals of a type), for SQL a
     * capability builds to run here: a data contract's checks, say.
     *
     * @throws UnsupportedOperationException if the engine does not say
     */
    default SqlDialect dialect() {
        throw new UnsupportedOperationException(describe() + " does not say how it spells SQL");
    }

    /** Whether it answers, how fast, and if not, what to do; {@code rdw doctor} shows it. */
    default io.redback.rdw.Health health() {
        return io.redback.rdw.Health.unknown("query", describe());
    }

    @Override
    void close();
}
