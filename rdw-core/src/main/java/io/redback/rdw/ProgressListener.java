package io.redback.rdw;

/**
 * Told how far a long operation is, from time to time and never going back: the one progress callback of rdw
 * (uploads, downloads, document loads, pipelines).
 * <pre>{@code
 * bronze.upload(file, "project1", o -> o.progress(p -> System.out.printf("%.0f%%%n", p.percent())));
 * }</pre>
 * Called on the thread doing the work: keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Does nothing. */
    ProgressListener NONE = p -> { };

    void update(Progress progress);
}
