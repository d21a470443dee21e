package io.redback.rdw.examples.extension;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.Health;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.spi.ProvenanceSink;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One CSV line per provenance event: when, who, what, where, how many bytes, which SHA-256. What the SPI asks of every
 * sink: an event is on disk when {@link #record} returns, a failure throws (rdw then undoes the write), and an event
 * recorded twice (same id) is kept once.
 */
final class AuditFileSink implements ProvenanceSink {
    static final List<String> HEADER = List.of("event_id", "timestamp", "event_type", "user_id", "bucket_name",
            "object_key", "object_size", "sha256");
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    private final Path file;
    private final boolean fsync;
    private final Set<String> recorded = new HashSet<>();

    AuditFileSink(Path file, boolean fsync) {
        this.file = file.toAbsolutePath();
        this.fsync = fsync;
        for (CSVRecord line : read(this.file)) {
            recorded.add(line.get("event_id"));
        }
    }

    /** The audit lines of a file (empty if there is none yet). */
    static List<CSVRecord> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return CSV.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot read the audit file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "audit-file:" + file;
    }

    @Override
    public synchronized void record(ProvenanceEvent e) {
        if (!recorded.add(e.eventId().toString())) {
            return;
        }
        try {
            StringWriter line = new StringWriter();
            CSVPrinter printer = new CSVPrinter(line, CSV);
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            if (fresh) {
                printer.printRecord(HEADER);
            }
            printer.printRecord(e.eventId(), e.timestamp(), e.eventType(), e.userId(), e.bucketName(), e.objectKey(),
                    e.objectSize(), e.sha256());
            printer.flush();
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                if (fsync) {
                    ch.force(false);
                }
            }
        } catch (IOException ex) {
            recorded.remove(e.eventId().toString());
            throw new BackendUnavailableException("cannot append to the audit file " + file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        Path folder = file.getParent();
        boolean ok = Files.isDirectory(folder) ? Files.isWritable(folder) : Files.isWritable(folder.getParent());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return ok ? Health.up("provenance", describe(), took, "the audit file can be appended to")
                : Health.down("provenance", describe(), took, folder + " is not writable: set rdw.audit.file "
                + "(RDW_AUDIT_FILE) to a file in a folder this user can write");
    }

    @Override
    public void close() {
        // nothing is held open between writes
    }
}
