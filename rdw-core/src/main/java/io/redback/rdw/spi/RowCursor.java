package io.redback.rdw.spi;

import io.redback.rdw.Column;

import java.util.List;

/**
 * The rows of a query as an engine streams them. {@link io.redback.rdw.QueryResult} wraps a cursor and gives users
 * iteration and formatting; an engine only has to move forward.
 *
 * <p>Checked through its engine by {@code io.redback.rdw.tck.QueryEngineContract} from rdw-tck.
 */
public interface RowCursor extends AutoCloseable {

    List<Column> columns();

    /** Moves to the next row; {@code false} at the end. */
    boolean next();

    /** The current row's value in column {@code index} (0-based), as a plain Java object. */
    Object value(int index);

    /** Releases the engine's resources; called once, also when iteration stops early. */
    @Override
    void close();
}
