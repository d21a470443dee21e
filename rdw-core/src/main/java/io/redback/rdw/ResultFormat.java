package io.redback.rdw;

import io.redback.rdw.helpers.Names;

import java.nio.file.Path;
import java.util.Locale;

/** What a {@link QueryResult} can be exported to. */
public enum ResultFormat {
    /** A text table, as {@link QueryResult#show()} prints it. */
    TEXT,
    /** RFC 4180 CSV with a header line; null as an empty field. */
    CSV,
    /** Dremio's job-results shape, as the warehouse's query proxy returns it: {@code schema}, {@code rows}, {@code rowCount}. */
    JSON,
    /** An HTML table, everything escaped. */
    HTML,
    /** Parquet, column types kept (needs a file). */
    PARQUET;

    /** The format a file's extension names: {@code .txt}, {@code .csv}, {@code .json}, {@code .html}, {@code .parquet}. */
    public static ResultFormat of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "txt", "text" -> TEXT;
            case "csv" -> CSV;
            case "json" -> JSON;
            case "html", "htm" -> HTML;
            case "parquet" -> PARQUET;
            default -> throw new InvalidInputException("cannot tell the format of " + Names.printable(file.toString())
                    + " from its extension: use .txt, .csv, .json, .html or .parquet, or name the format");
        };
    }
}
