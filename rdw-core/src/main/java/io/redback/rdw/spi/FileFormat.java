package io.redback.rdw.spi;

/**
 * The file formats a {@link SqlWorkspace} reads ({@link SqlWorkspace#load}) and writes ({@link SqlWorkspace#copy}).
 * Callers choose one from a file's extension; the engine's own spelling of its options stays behind the SPI.
 */
public enum FileFormat {
    /** Comma-separated text with a header line, RFC 4180 quoting. */
    CSV,
    /** Delimited text with a header line whose delimiter (comma, semicolon, tab, ...) is detected. Read only. */
    TXT,
    /** A JSON array of records (objects); read as an array or as one record per line. */
    JSON,
    /** One JSON record per line (JSON lines). */
    NDJSON,
    /** Apache Parquet, types kept; written with Snappy compression (faster to write than zstd, files about 40% larger). */
    PARQUET;

    /** Whether {@link SqlWorkspace#copy} can write it. */
    public boolean writable() {
        return this != TXT;
    }
}
