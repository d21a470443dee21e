package io.redback.rdw.tables;

import io.redback.rdw.helpers.AtomicFiles;
import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A table of the embedded catalog: its current metadata file is named by a pointer file in the warehouse folder,
 * swapped under a file lock only when it still names the metadata the commit started from. Of two writers committing
 * at once, one wins and the other gets Iceberg's {@link CommitFailedException}, which Iceberg answers by retrying
 * the change on the new metadata when it still applies.
 */
final class FolderTableOperations extends BaseMetastoreTableOperations {
    /** A file lock guards against other processes; within one, threads take turns here first. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectStoreFileIO io;
    private final Path pointer;
    private final String name;

    FolderTableOperations(ObjectStoreFileIO io, Path pointer, String name) {
        this.io = io;
        this.pointer = pointer;
        this.name = name;
    }

    @Override
    protected String tableName() {
        return name;
    }

    @Override
    public FileIO io() {
        return io;
    }

    @Override
    protected void doRefresh() {
        String location = read(pointer);
        if (location == null) {
            disableRefresh();
        } else {
            refreshFromMetadataLocation(location);
        }
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        String location = writeNewMetadataIfRequired(base == null, metadata);
        String expected = base == null ? null : base.metadataFileLocation();
        try {
            Files.createDirectories(pointer.getParent());
            Path lockFile = pointer.resolveSibling(pointer.getFileName() + ".lock");
            synchronized (IN_PROCESS.computeIfAbsent(pointer.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                String current = read(pointer);
                if (!Objects.equals(current, expected)) {
                    throw new CommitFailedException("%s changed while this commit was made (it is now at %s, the commit "
                            + "started from %s)", name, current, expected);
                }
                AtomicFiles.write(pointer, AtomicFiles.Existing.REPLACE,
                        partial -> Files.writeString(partial, location, StandardCharsets.UTF_8));
            }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + name + ": " + e.getMessage(), e);
        }
    }

    /** The metadata location a pointer file names, or null when there is none. */
    static String read(Path pointer) {
        try {
            return Files.isRegularFile(pointer) ? Files.readString(pointer, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }
}
