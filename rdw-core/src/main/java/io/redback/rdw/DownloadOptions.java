package io.redback.rdw;

import io.redback.rdw.helpers.AtomicFiles;

import java.util.Objects;

/**
 * The rarer choices of {@link Bucket#download(String, java.nio.file.Path, java.util.function.Consumer)}:
 * {@code bucket.download(key, Path.of("rides.csv"), o -> o.overwrite())}.
 */
public final class DownloadOptions {
    AtomicFiles.Existing existing = AtomicFiles.Existing.REFUSE;
    ProgressListener progress = ProgressListener.NONE;

    DownloadOptions() {
    }

    /** Replace the local file if it exists (otherwise an existing file is never touched). */
    public DownloadOptions overwrite() {
        this.existing = AtomicFiles.Existing.REPLACE;
        return this;
    }

    /** Told how many bytes have been written so far, from time to time (for a progress display). */
    public DownloadOptions progress(ProgressListener listener) {
        this.progress = Objects.requireNonNull(listener);
        return this;
    }
}
