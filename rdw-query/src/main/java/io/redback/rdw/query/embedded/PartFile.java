package io.redback.rdw.query.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file written beside its target under a hidden name and moved over it when complete, so a reader never sees half
 * a file and a failed write leaves nothing behind.
 */
final class PartFile implements AutoCloseable {
    private final Path part;
    private final Path target;

    PartFile(Path target) throws IOException {
        this.target = target;
        this.part = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".part");
        Files.deleteIfExists(part);
    }

    /** Where to write. */
    Path path() {
        return part;
    }

    /** Puts the complete file in place, replacing the target. */
    void publish() throws IOException {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes what is left of an unpublished write. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // a hidden .part file; the next write replaces it
        }
    }
}
