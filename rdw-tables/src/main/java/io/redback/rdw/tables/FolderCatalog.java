package io.redback.rdw.tables;

import io.redback.rdw.helpers.Names;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded catalog of one layer: no server, the warehouse folder keeps which metadata file is each table's
 * current one ({@code .rdw/tables/<bucket>/<project>/<table>}); the table's own files (data, manifests, metadata) are
 * objects of the layer's bucket under {@code <project>/<table>/}.
 */
final class FolderCatalog extends BaseMetastoreCatalog {
    private final String bucket;
    private final Path root;
    private final ObjectStoreFileIO io;

    FolderCatalog(String bucket, Path root, ObjectStoreFileIO io) {
        this.bucket = bucket;
        this.root = root;
        this.io = io;
    }

    @Override
    public String name() {
        return "rdw:" + bucket;
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier id) {
        return new FolderTableOperations(io, pointer(id), bucket + "." + id);
    }

    @Override
    protected String defaultWarehouseLocation(TableIdentifier id) {
        return ObjectStoreFileIO.location(bucket, project(id) + "/" + table(id));
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        Path dir = root.resolve(Names.simple("project", namespace.level(0), 64));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".") && !n.endsWith(".lock"))
                    .sorted().map(n -> TableIdentifier.of(namespace, n)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the tables of " + namespace, e);
        }
    }

    /** Forgets the table; with {@code purge}, its files go too. */
    @Override
    public boolean dropTable(TableIdentifier id, boolean purge) {
        Path pointer = pointer(id);
        if (!Files.isRegularFile(pointer)) {
            return false;
        }
        if (purge) {
            org.apache.iceberg.CatalogUtil.dropTableData(io, newTableOps(id).current());
        }
        try {
            Files.delete(pointer);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop " + id, e);
        }
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        throw new UnsupportedOperationException("a table's files live under its name; create a new table instead");
    }

    /** Whether the table is there, from its pointer file alone (without reading its metadata). */
    boolean exists(TableIdentifier id) {
        return Files.isRegularFile(pointer(id));
    }

    private Path pointer(TableIdentifier id) {
        return root.resolve(project(id)).resolve(table(id));
    }

    private static String project(TableIdentifier id) {
        if (id.namespace().length() != 1) {
            throw new io.redback.rdw.InvalidInputException("a table is named project.table, not " + id);
        }
        return Names.simple("project", id.namespace().level(0), 64);
    }

    private static String table(TableIdentifier id) {
        return Names.simple("table", id.name(), 64);
    }
}
