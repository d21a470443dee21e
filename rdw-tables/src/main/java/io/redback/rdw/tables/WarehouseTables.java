package io.redback.rdw.tables;

import java.util.function.Function;
import java.util.Optional;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.IOException;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.Bucket;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.LoadedColumn;
import io.redback.rdw.spi.LoadedTable;
import io.redback.rdw.spi.SqlWorkspace;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMappingParser;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The versioned tables of one warehouse: Iceberg tables whose files are objects of a layer's bucket, in the
 * embedded catalog of the warehouse folder. Get one from {@link Tables#on(WarehouseClient)}.
 */
public final class WarehouseTables {
    private final WarehouseClient client;
    private final ObjectStoreFileIO io;

    WarehouseTables(WarehouseClient client) {
        this.client = Objects.requireNonNull(client);
        this.io = new ObjectStoreFileIO(client.context().objectStore());
    }

    /**
     * Creates the table {@code name} ({@code project.table}) in {@code layer} from a Parquet file: the table takes the
     * file's columns, and the file is its first snapshot.
     *
     * @throws AlreadyExistsException if the table exists
     */
    public VersionedTable create(Layer layer, String name, Path parquet) {
        TableIdentifier id = id(name);
        BaseMetastoreCatalog catalog = catalog(layer);
        if (Catalogs.exists(catalog, id)) {
            throw new AlreadyExistsException("table " + layer.id() + ":" + name + " exists; append to it, or load it");
        }
        Loaded file = load(parquet);
        Schema schema = schema(file.table().columns(), parquet);
        Catalogs.prepare(catalog, id);
        Table table = catalog.buildTable(id, schema).withPartitionSpec(PartitionSpec.unpartitioned())
                .withProperty(TableProperties.FORMAT_VERSION, "2")
                // files written without Iceberg's field ids are read by column name
                .withProperty(TableProperties.DEFAULT_NAME_MAPPING, NameMappingParser.toJson(MappingUtil.create(schema)))
                .create();
        VersionedTable created = new VersionedTable(client, io, layer, name, table, VersionedTable.MAIN);
        created.record("create", null);
        created.append(parquet, file);
        return created;
    }

    /** Creates a table from a stored Parquet object (a pipeline's silver result, say); see {@link #create(Layer, String, Path)}. */
    public VersionedTable create(Layer layer, String name, ObjectRef parquet) {
        return withLocalCopy(parquet, file -> create(layer, name, file));
    }

    /** Runs {@code work} on the object as a local file: the store's own where it keeps one, else a downloaded copy. */
    <T> T withLocalCopy(ObjectRef object, Function<Path, T> work) {
        Bucket bucket = client.bucket(object.layer());
        Optional<Path> local = bucket.localFile(object.key());
        if (local.isPresent()) {
            return work.apply(local.get());
        }
        Path dir = null;
        try {
            dir = TemporaryFiles.createSystemDirectory("table");
            Path copy = dir.resolve("object.parquet");
            try (InputStream in = bucket.open(object.key())) {
                Files.copy(in, copy);
            }
            return work.apply(copy);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object, e);
        } finally {
            TemporaryFiles.deleteTree(dir);
        }
    }

    /**
     * The table {@code name} of {@code layer}, on main.
     *
     * @throws NotFoundException if there is no such table
     */
    public VersionedTable load(Layer layer, String name) {
        try {
            return new VersionedTable(client, io, layer, name, catalog(layer).loadTable(id(name)), VersionedTable.MAIN);
        } catch (NoSuchTableException e) {
            throw new NotFoundException("no table " + layer.id() + ":" + Names.printable(name));
        }
    }

    /** The tables of a project in a layer, by name ({@code project.table}). */
    public List<String> list(Layer layer, String project) {
        return catalog(layer).listTables(Namespace.of(project)).stream().map(TableIdentifier::toString).toList();
    }

    private BaseMetastoreCatalog catalog(Layer layer) {
        return Catalogs.open(client.config(), client.context().objectStore(), client.config().bucket(layer));
    }

    static TableIdentifier id(String name) {
        String[] parts = name == null ? new String[0] : name.split("\\.", -1);
        if (parts.length != 2) {
            throw new InvalidInputException("a table is named project.table (e.g. project1.rides), not " + Names.printable(name));
        }
        return TableIdentifier.of(Namespace.of(Names.simple("project", parts[0], 64)), Names.simple("table", parts[1], 64));
    }

    /** A Parquet file as the SQL runtime reads it: its columns and rows. */
    record Loaded(LoadedTable table) {
    }

    Loaded load(Path parquet) {
        try (SqlWorkspace ws = client.context().sqlRuntime().workspace(parquet.getFileName().toString(), parquet.getParent())) {
            return new Loaded(ws.load("t", parquet, FileFormat.PARQUET, parquet.getFileName().toString()));
        }
    }

    /** The Iceberg schema of a file's columns; every column optional, as a Parquet file's may hold nulls. */
    static Schema schema(List<LoadedColumn> columns, Path file) {
        List<Types.NestedField> fields = new ArrayList<>();
        int id = 1;
        for (LoadedColumn c : columns) {
            fields.add(Types.NestedField.optional(id++, c.name(), type(c.type(), c.name(), file)));
        }
        return new Schema(fields);
    }

    private static Type type(String sqlType, String column, Path file) {
        String t = sqlType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL(")) {
            String[] ps = t.substring(8, t.length() - 1).split(",");
            return Types.DecimalType.of(Integer.parseInt(ps[0].strip()), Integer.parseInt(ps[1].strip()));
        }
        return switch (t) {
            case "BOOLEAN" -> Types.BooleanType.get();
            case "TINYINT", "SMALLINT", "INTEGER" -> Types.IntegerType.get();
            case "BIGINT" -> Types.LongType.get();
            case "FLOAT" -> Types.FloatType.get();
            case "DOUBLE" -> Types.DoubleType.get();
            case "VARCHAR" -> Types.StringType.get();
            case "DATE" -> Types.DateType.get();
            case "TIME" -> Types.TimeType.get();
            case "TIMESTAMP" -> Types.TimestampType.withoutZone();
            case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> Types.TimestampType.withZone();
            case "BLOB" -> Types.BinaryType.get();
            default -> throw new InvalidInputException(file.getFileName() + ": column " + column + " is " + sqlType
                    + "; a table holds booleans, integers, decimals, floating point, text, dates, times, timestamps and bytes");
        };
    }
}
