package io.redback.rdw.tables;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.helpers.Hashing;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.PutRequest;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Iceberg's file access on rdw's object-store SPI, so a table works on every store rdw has (the warehouse folder,
 * MinIO) without Hadoop. Locations are {@code s3://bucket/key}, as Dremio and Spark name the same objects on MinIO.
 * A file is written to a local temporary file and stored when its stream closes, whole or not at all; a file the
 * store keeps locally is read in place, any other is streamed (and re-opened to seek back).
 */
final class ObjectStoreFileIO implements FileIO {
    private static final long serialVersionUID = 1L;
    static final String SCHEME = "s3://";

    private final transient ObjectStore store;

    ObjectStoreFileIO(ObjectStore store) {
        this.store = store;
    }

    /** {@code s3://bucket/key}. */
    static String location(String bucket, String key) {
        return SCHEME + bucket + "/" + key;
    }

    /** The bucket and key of a location. */
    record Where(String bucket, String key) {
    }

    static Where where(String location) {
        String rest = location.startsWith(SCHEME) ? location.substring(SCHEME.length())
                : location.startsWith("s3a://") ? location.substring("s3a://".length()) : null;
        int slash = rest == null ? -1 : rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new InvalidInputException("a table's file is s3://bucket/key, not " + location);
        }
        return new Where(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** The local file of a location, where the store keeps one (the warehouse folder does). */
    Optional<Path> localPath(String location) {
        Where w = where(location);
        return store.localPath(w.bucket(), w.key());
    }

    @Override
    public InputFile newInputFile(String path) {
        return new In(path, -1);
    }

    @Override
    public InputFile newInputFile(String path, long length) {
        return new In(path, length);
    }

    @Override
    public OutputFile newOutputFile(String path) {
        return new Out(path);
    }

    @Override
    public void deleteFile(String path) {
        Where w = where(path);
        store.delete(w.bucket(), w.key());
    }

    @Override
    public Map<String, String> properties() {
        return Map.of();
    }

    private final class In implements InputFile {
        private final String location;
        private long length;

        In(String location, long length) {
            this.location = location;
            this.length = length;
        }

        @Override
        public long getLength() {
            if (length < 0) {
                Where w = where(location);
                length = store.stat(w.bucket(), w.key()).size();
            }
            return length;
        }

        @Override
        public SeekableInputStream newStream() {
            Where w = where(location);
            Optional<Path> local = store.localPath(w.bucket(), w.key());
            if (local.isPresent()) {
                try {
                    return new LocalStream(new RandomAccessFile(local.get().toFile(), "r"));
                } catch (IOException e) {
                    throw new org.apache.iceberg.exceptions.NotFoundException(e, "no such file: %s", location);
                }
            }
            return new RemoteStream(w);
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public boolean exists() {
            Where w = where(location);
            return store.exists(w.bucket(), w.key());
        }
    }

    private static final class LocalStream extends SeekableInputStream {
        private final RandomAccessFile file;

        LocalStream(RandomAccessFile file) {
            this.file = file;
        }

        @Override
        public long getPos() throws IOException {
            return file.getFilePointer();
        }

        @Override
        public void seek(long newPos) throws IOException {
            file.seek(newPos);
        }

        @Override
        public int read() throws IOException {
            return file.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return file.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** A stored object read as a stream: forward seeks skip, backward ones open it again. */
    private final class RemoteStream extends SeekableInputStream {
        private final Where where;
        private InputStream in;
        private long pos;

        RemoteStream(Where where) {
            this.where = where;
            this.in = open();
        }

        private InputStream open() {
            try {
                return store.open(where.bucket(), where.key());
            } catch (NotFoundException e) {
                throw new org.apache.iceberg.exceptions.NotFoundException(e, "no such file: %s", location(where.bucket(), where.key()));
            }
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < pos) {
                in.close();
                in = open();
                pos = 0;
            }
            while (pos < newPos) {
                long skipped = in.skip(newPos - pos);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("seek past the end of " + where.key());
                    }
                    skipped = 1;
                }
                pos += skipped;
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                pos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                pos += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private final class Out implements OutputFile {
        private final String location;

        Out(String location) {
            this.location = location;
        }

        @Override
        public PositionOutputStream create() {
            return stream(PutRequest.Mode.CREATE);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return stream(PutRequest.Mode.REPLACE);
        }

        private PositionOutputStream stream(PutRequest.Mode mode) {
            Where w = where(location);
            if (mode == PutRequest.Mode.CREATE && store.exists(w.bucket(), w.key())) {
                throw new org.apache.iceberg.exceptions.AlreadyExistsException("%s exists", location);
            }
            try {
                Path tmp = TemporaryFiles.createSystemFile("table", ".part");
                return new Upload(tmp, Files.newOutputStream(tmp), w, mode);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + location, e);
            }
        }

        @Override
        public String location() {
            return location;
        }

        @Override
        public InputFile toInputFile() {
            return newInputFile(location);
        }
    }

    /** Bytes kept in a local file; stored as one object when the stream closes. */
    private final class Upload extends PositionOutputStream {
        private final Path file;
        private final OutputStream out;
        private final Where where;
        private final PutRequest.Mode mode;
        private long pos;
        private boolean closed;

        Upload(Path file, OutputStream out, Where where, PutRequest.Mode mode) {
            this.file = file;
            this.out = out;
            this.where = where;
            this.mode = mode;
        }

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            pos += len;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                out.close();
                String sha = Hashing.sha256(file);
                try (InputStream in = Files.newInputStream(file)) {
                    store.put(where.bucket(), where.key(), in, new PutRequest(mode, contentType(where.key()), pos, sha,
                            Map.of(), null));
                } catch (io.redback.rdw.AlreadyExistsException e) {
                    throw new org.apache.iceberg.exceptions.AlreadyExistsException(e, "%s exists",
                            location(where.bucket(), where.key()));
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    private static String contentType(String key) {
        return key.endsWith(".json") ? "application/json" : key.endsWith(".avro") ? "application/avro"
                : key.endsWith(".parquet") ? "application/vnd.apache.parquet" : "application/octet-stream";
    }
}
