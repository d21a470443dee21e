package io.redback.rdw.spi;

import io.redback.rdw.ProgressListener;

import java.nio.file.Path;

/**
 * One job's private work database in a {@link SqlRuntime}: load files into tables, run statements, read small
 * results, write a query's rows to a file. Not thread-safe: one job, one thread. Errors are rdw's own: a malformed
 * file or a value that does not fit is {@link io.redback.rdw.InvalidInputException} (with the file and line where
 * known), an engine that fails is {@link io.redback.rdw.BackendUnavailableException}.
 *
 * <p>This is a draft of the SPI; its methods are settled by the pipelines' move onto it.
 */
public interface SqlWorkspace extends AutoCloseable {

    /** Runs a statement that returns no rows (a table or view of this job). */
    void execute(String sql);

    /** Tells {@code listener} how far the statement now running is, a few times a second, as a percentage. */
    void progress(ProgressListener listener);

    /** Where the work database spills. */
    Path workDir();

    @Override
    void close();
}
