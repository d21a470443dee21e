package io.redback.rdw.spi;

import io.redback.rdw.Health;

import java.util.List;

/**
 * Administrator operations of a query engine, with the administrator's own credentials: they change the catalog, so
 * they never go through the SELECT-only query path. rdw calls them itself ({@code rdw register}, a pipeline run on the
 * engine); a user's SQL never reaches them.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.DatasetAdminContract} from rdw-tck.
 */
public interface DatasetAdmin extends AutoCloseable {

    /** Where the operations go, without credentials. */
    String describe();

    /**
     * How the engine names an object, or a folder of objects, of a bucket: e.g. {@code [lake, dw-bucket-silver,
     * project1, 2025, rides.parquet]} where the buckets are reached through a source named {@code lake}.
     */
    List<String> path(String bucket, String key);

    /**
     * Makes the file or folder at {@code sourcePath} queryable as a dataset and creates (or replaces) a view of it at
     * {@code viewPath}.
     *
     * @return the view's path
     * @throws io.redback.rdw.NotFoundException     if nothing is at {@code sourcePath}
     * @throws io.redback.rdw.InvalidInputException if it cannot become a dataset (unknown or mixed formats), or a path
     *                                              has fewer than two segments
     */
    List<String> register(List<String> sourcePath, List<String> viewPath);

    /**
     * Creates the table {@code table} from a query of rdw's own (a pipeline's SQL form): {@code CREATE TABLE ... AS}.
     *
     * @return the table's path
     * @throws io.redback.rdw.InvalidInputException if the path has fewer than two segments
     */
    List<String> createTableAs(List<String> table, String query);

    /** Whether the engine answers with the administrator's credentials; a failure names the settings to fix. */
    default Health health() {
        return Health.unknown("query-admin", describe());
    }

    @Override
    void close();
}
