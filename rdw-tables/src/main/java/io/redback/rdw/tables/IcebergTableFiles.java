package io.redback.rdw.tables;

import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.TableFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells the embedded query engine which data files make a table of the embedded catalog at a version, so
 * {@code SELECT * FROM "dw-bucket-silver"."project1"."rides" AT BRANCH dev} reads the branch's rows, and the table's
 * folder without a clause reads its current ones. Found by {@link java.util.ServiceLoader}.
 */
public final class IcebergTableFiles implements TableFiles {

    @Override
    public Optional<List<String>> files(RdwConfig config, ObjectStore store, String bucket, String key, String version) {
        String[] parts = key.split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        TableIdentifier id;
        try {
            id = WarehouseTables.id(parts[0] + "." + parts[1]);
        } catch (InvalidInputException e) {
            return Optional.empty(); // not a name a table can have
        }
        org.apache.iceberg.BaseMetastoreCatalog catalog = Catalogs.open(config, store, bucket);
        if (!Catalogs.exists(catalog, id)) {
            return Optional.empty();
        }
        Table table = catalog.loadTable(id);
        long snapshot = snapshot(table, key, version);
        List<String> keys = new ArrayList<>();
        try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(snapshot).planFiles()) {
            tasks.forEach(t -> keys.add(ObjectStoreFileIO.where(t.file().location()).key()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(keys);
    }

    /** The snapshot a clause names: {@code AT BRANCH|TAG|REF|REFERENCE name}, {@code AT SNAPSHOT id}, {@code AT TIMESTAMP ts}. */
    static long snapshot(Table table, String key, String version) {
        if (version == null) {
            return VersionedTable.snapshotId(table, key, SnapshotRef.MAIN_BRANCH, TableVersion.current());
        }
        String[] words = version.strip().split("\\s+", 3);
        if (words.length < 3 || !words[0].equalsIgnoreCase("AT")) {
            throw new InvalidInputException(version + ": expected AT BRANCH|TAG|SNAPSHOT|TIMESTAMP ...");
        }
        String kind = words[1].toUpperCase(Locale.ROOT);
        String value = unquote(words[2].replaceFirst("(?i)^TIMESTAMP\\s+", "").strip());
        switch (kind) {
            case "BRANCH", "TAG", "REF", "REFERENCE" -> {
                if (value.toUpperCase(Locale.ROOT).contains(" AS OF ")) {
                    throw new InvalidInputException(version + ": a branch as of a time is read on Dremio; here, "
                            + "AT TIMESTAMP reads main as of a time");
                }
                SnapshotRef ref = table.refs().get(value);
                if (ref == null || (kind.equals("BRANCH") && !ref.isBranch()) || (kind.equals("TAG") && !ref.isTag())) {
                    throw new NotFoundException("table " + key + " has no " + kind.toLowerCase(Locale.ROOT) + " " + value
                            + "; it has " + String.join(", ", table.refs().keySet()));
                }
                return ref.snapshotId();
            }
            case "SNAPSHOT" -> {
                long id;
                try {
                    id = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException(version + ": a snapshot is a number");
                }
                return VersionedTable.snapshotId(table, key, SnapshotRef.MAIN_BRANCH, TableVersion.snapshot(id));
            }
            case "TIMESTAMP" -> {
                return VersionedTable.snapshotId(table, key, SnapshotRef.MAIN_BRANCH, TableVersion.at(instant(value, version)));
            }
            default -> throw new InvalidInputException(version + ": a table of the embedded catalog is read AT BRANCH, "
                    + "TAG, REF, SNAPSHOT or TIMESTAMP (AT COMMIT names a Nessie commit)");
        }
    }

    private static Instant instant(String text, String clause) {
        try {
            return text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$") ? Instant.parse(text.replace(' ', 'T'))
                    : LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(clause + ": the time is 'yyyy-MM-dd HH:mm:ss' (UTC) or an ISO instant");
        }
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            char q = s.charAt(0);
            return s.substring(1, s.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
        return s;
    }
}
