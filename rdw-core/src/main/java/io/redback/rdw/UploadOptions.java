package io.redback.rdw;

/**
 * The rarer choices of {@link Bucket#upload}: where in the project the file goes and how it is named.
 * <pre>{@code
 * bronze.upload(file, "project1", o -> o.task("t1_rides").student("s223344").name("rides"));
 * }</pre>
 */
public final class UploadOptions {
    Integer year;
    String task;
    String student;
    String name;
    boolean exactName;
    boolean allowDuplicate;
    ProgressListener progress = ProgressListener.NONE;

    UploadOptions() {
    }

    /** The year folder (default: the current UTC year). */
    public UploadOptions year(int value) {
        this.year = value;
        return this;
    }

    /** The task folder, {@code tN_name} (optional). */
    public UploadOptions task(String value) {
        this.task = value;
        return this;
    }

    /** The student folder (optional; needs a task). */
    public UploadOptions student(String value) {
        this.student = value;
        return this;
    }

    /** The base name of the object (default: derived from the file name). Letters, digits, '_' and '-'. */
    public UploadOptions name(String value) {
        this.name = value;
        return this;
    }

    /**
     * Name the object exactly {@code base.ext}, without the UTC timestamp suffix. Then a second upload under the
     * same name fails: an upload never replaces anything. To replace an object, {@link Bucket#put} it under its key
     * with {@link PutOptions#overwrite()} ({@link Bucket#uploadKey} tells the key).
     */
    public UploadOptions exactName() {
        this.exactName = true;
        return this;
    }

    /**
     * Stores the file even when the same content (SHA-256) is already at this dataset location. By default such an
     * upload stores nothing, records no event and returns the object that is there, so a folder never counts a
     * file twice.
     */
    public UploadOptions allowDuplicate() {
        this.allowDuplicate = true;
        return this;
    }

    /** Told how many bytes have been stored so far, from time to time (for a progress display). */
    public UploadOptions progress(ProgressListener listener) {
        this.progress = java.util.Objects.requireNonNull(listener);
        return this;
    }
}
