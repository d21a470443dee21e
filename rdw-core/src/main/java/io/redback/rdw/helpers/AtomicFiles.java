package io.redback.rdw.helpers;

import io.redback.rdw.AlreadyExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The one way rdw writes a local file that others may read: into a hidden {@code .name.part} beside it, then renamed
 * into place, so the file appears only when complete; on failure the partial file is removed. An existing file is
 * replaced only when asked.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Whether an existing file may be replaced. */
    public enum Existing { REFUSE, REPLACE }

    /** Writes the partial file it is given; the rename happens after it returns. */
    @FunctionalInterface
    public interface Writer<T> {
        T write(Path partial) throws IOException;
    }

    /**
     * Writes {@code target} through {@code writer}.
     *
     * @return what the writer returned
     * @throws AlreadyExistsException if the target exists and {@code existing} is {@link Existing#REFUSE}
     */
    public static <T> T write(Path target, Existing existing, Writer<T> writer) {
        Path out = target.toAbsolutePath();
        if (existing == Existing.REFUSE && Files.exists(out)) {
            throw new AlreadyExistsException(target + " already exists; nothing was written: choose another file, or remove it first");
        }
        Path partial = partialOf(out);
        try {
            Files.createDirectories(out.getParent());
            Files.deleteIfExists(partial);
            T result = writer.write(partial);
            move(partial, out, existing);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a hidden .part file; the next write of the same target replaces it
            }
        }
    }

    /** The hidden partial file of a target: {@code .name.part} in the same folder (so the rename stays on one disk). */
    public static Path partialOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".part");
    }

    private static void move(Path from, Path to, Existing existing) throws IOException {
        if (existing == Existing.REFUSE && Files.exists(to)) {
            throw new AlreadyExistsException(to + " appeared while it was being written; nothing was replaced");
        }
        publish(from, to);
    }

    /**
     * Renames a complete file over its target in one step where the file system can (readers see the old file or the
     * new one, never a part), else replaces it.
     */
    public static void publish(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forces a file's data to disk: before the rename that publishes it, so a crash cannot publish a short file. */
    public static void force(Path file) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
