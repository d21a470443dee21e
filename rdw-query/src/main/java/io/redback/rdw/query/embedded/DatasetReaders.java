package io.redback.rdw.query.embedded;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.CheckedQuery;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.StoredObject;
import io.redback.rdw.spi.TableFiles;
import io.redback.rdw.spi.TableReference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dremio-style dataset paths in a query ({@code "dw-bucket-silver"."project1"."2025"."rides.parquet"}) replaced by
 * DuckDB readers of the objects' local files, chosen by extension: Parquet keeps its types; CSV columns are text, as
 * Dremio reads a CSV with extracted headers; JSON types are inferred. A folder reads every file in it.
 */
final class DatasetReaders {
    /** The versioned-table formats on the class path (rdw-tables' Iceberg tables, when it is there). */
    private static final List<TableFiles> TABLES = java.util.ServiceLoader.load(TableFiles.class).stream()
            .map(java.util.ServiceLoader.Provider::get).toList();
    private final RdwConfig config;
    private final ObjectStore store;

    DatasetReaders(RdwConfig config, ObjectStore store) {
        this.config = config;
        this.store = store;
    }

    /** Replaces each dataset path by a reader of its file(s), from the end so earlier offsets stay valid. */
    String rewrite(CheckedQuery query) {
        List<TableReference> refs = new ArrayList<>(query.tables());
        refs.sort(Comparator.comparingInt(TableReference::start).reversed());
        StringBuilder sql = new StringBuilder(query.sql());
        for (TableReference ref : refs) {
            Optional<String> reader = reader(ref.path(), ref.version());
            if (reader.isPresent()) {
                String alias = ref.hasAlias() ? "" : " AS " + DuckDb.identifier(ref.path().get(ref.path().size() - 1));
                // a time-travel clause goes with the name it followed: the reader is of that version
                sql.replace(ref.start(), ref.versionEnd(), reader.get() + alias);
            } else if (ref.version() != null) {
                throw new io.redback.rdw.InvalidInputException(ref.version() + " reads a versioned table; "
                        + String.join(".", ref.path()) + " is not one");
            }
        }
        return sql.toString();
    }

    /** The files of the versioned table at this key, if one is there (as a provider of {@link TableFiles} says). */
    private Optional<List<Path>> tableFiles(String bucket, String key, String version) {
        for (TableFiles provider : TABLES) {
            Optional<List<String>> keys = provider.files(config, store, bucket, key, version);
            if (keys.isPresent()) {
                List<Path> files = new ArrayList<>();
                for (String k : keys.get()) {
                    files.add(store.localPath(bucket, k).orElseThrow(() -> new ForbiddenException("the embedded SQL "
                            + "engine reads objects of the embedded warehouse only; configure Dremio (DREMIO_URL) to query "
                            + store.describe())));
                }
                return Optional.of(files);
            }
        }
        return Optional.empty();
    }

    /**
     * A query that reads something in this warehouse, for a message: the folder of a silver object if there is one,
     * else of a bronze object, else the form of one.
     */
    String example() {
        for (Layer layer : List.of(Layer.SILVER, Layer.BRONZE, Layer.GOLD)) {
            String bucket = config.bucket(layer);
            for (StoredObject o : store.list(bucket, "")) {
                if (!isData(o.key()) || o.key().indexOf('/') < 0) {
                    continue;
                }
                List<String> path = new ArrayList<>(List.of(bucket));
                path.addAll(List.of(o.key().substring(0, o.key().lastIndexOf('/')).split("/")));
                return "SELECT * FROM " + String.join(".", path.stream().map(DuckDb::identifier).toList()) + " LIMIT 10";
            }
        }
        return "SELECT * FROM \"" + config.bucket(Layer.SILVER) + "\".\"project1\".\"2026\".\"t1_rides\" LIMIT 10";
    }

    /** The reader of a dataset path at a version; empty for a one-part name (a CTE, or an engine table). */
    private Optional<String> reader(List<String> path, String version) {
        List<String> p = path;
        String source = config.get(io.redback.rdw.query.dremio.DremioQueryEngineProvider.SOURCE).orElse(null);
        if (p.size() > 2 && p.get(0).equals(source)) {
            p = p.subList(1, p.size());
        }
        if (p.size() < 2) {
            return Optional.empty();
        }
        String bucketName = p.get(0);
        Layer layer = config.layerOf(bucketName).orElseThrow(() -> new NotFoundException("no source "
                + Names.printable(bucketName) + " in the embedded warehouse; its buckets are "
                + Arrays.stream(Layer.values()).map(config::bucket).toList()));
        String bucket = config.bucket(layer);
        String key = Names.key(String.join("/", p.subList(1, p.size())));
        Optional<List<Path>> table = tableFiles(bucket, key, version);
        if (table.isPresent()) {
            return Optional.of(table.get().isEmpty() ? "(SELECT NULL WHERE FALSE)"
                    : readerOf(layer.id() + ":" + key + (version == null ? "" : " " + version), table.get()));
        }
        if (version != null) {
            throw new io.redback.rdw.InvalidInputException(version + " reads a versioned table; " + layer.id() + ":" + key
                    + " is not one");
        }
        List<Path> files = new ArrayList<>();
        Optional<Path> file = store.localPath(bucket, key);
        if (file.isPresent()) {
            files.add(file.get());
        } else {
            for (StoredObject o : store.list(bucket, key + "/")) {
                if (isData(o.key().substring(key.length() + 1))) {
                    store.localPath(bucket, o.key()).ifPresent(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            if (!store.describe().startsWith("embedded:")) {
                throw new ForbiddenException("the embedded SQL engine reads objects of the embedded warehouse only; "
                        + "configure Dremio (DREMIO_URL) to query " + store.describe());
            }
            throw new NotFoundException(layer.id() + ":" + key + " does not exist (no object or folder with that key in "
                    + bucket + ")");
        }
        return Optional.of(readerOf(layer.id() + ":" + key, files));
    }

    /**
     * Whether a file below a dataset folder is part of the dataset: as Dremio and Hadoop do, names that start with
     * {@code _} or {@code .} are not; neither are the statistics sidecars ({@code .pipeline.json}) that rdw kept beside
     * its results before they moved under {@code _rdw/}.
     */
    private static boolean isData(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith("_") || segment.startsWith(".")) {
                return false;
            }
        }
        return !relative.endsWith(".pipeline.json");
    }

    private static String readerOf(String what, List<Path> files) {
        Set<String> formats = new TreeSet<>();
        StringBuilder list = new StringBuilder("[");
        for (Path f : files) {
            formats.add(format(f));
            list.append(list.length() > 1 ? ", " : "").append(DuckDb.quote(f.toString()));
        }
        list.append(']');
        if (formats.size() > 1) {
            throw new InvalidInputException(what + " holds files of several formats " + formats
                    + "; query one file, or keep one format per folder");
        }
        return switch (formats.iterator().next()) {
            case "parquet" -> "read_parquet(" + list + ", union_by_name = true)";
            case "csv" -> "read_csv(" + list + ", header = true, all_varchar = true, delim = ',', quote = '\"', "
                    + "escape = '\"', union_by_name = true)";
            case "txt" -> "read_csv(" + list + ", header = true, all_varchar = true, union_by_name = true)";
            case "json" -> "read_json_auto(" + list + ", union_by_name = true)";
            default -> throw new InvalidInputException(what + ": the embedded SQL engine reads Parquet, CSV, TXT and "
                    + "JSON objects; clean this one into silver first");
        };
    }

    private static String format(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "jsonl", "ndjson" -> "json";
            default -> ext;
        };
    }
}
