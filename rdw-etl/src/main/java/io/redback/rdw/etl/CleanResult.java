package io.redback.rdw.etl;

import io.redback.rdw.ObjectInfo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a "Data Clean Up" run did.
 *
 * @param input          the file or object read
 * @param output         the file or object written
 * @param rowsIn         data rows read
 * @param rowsOut        rows written
 * @param columns        output columns and their SQL types, in order (extract_date and unique_id last)
 * @param droppedColumns input columns dropped because every value was empty
 * @param elapsed        wall time of the run
 * @param silver         the silver object, for runs on the warehouse
 * @param reused         {@code true} if the silver object already held this exact result and nothing was written
 */
public record CleanResult(String input, String output, long rowsIn, long rowsOut, Map<String, String> columns,
                          List<String> droppedColumns, Duration elapsed, ObjectInfo silver, boolean reused) {
    public CleanResult {
        columns = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(columns));
        droppedColumns = List.copyOf(droppedColumns);
    }

    public Optional<ObjectInfo> silverObject() {
        return Optional.ofNullable(silver);
    }

    @Override
    public String toString() {
        return input + " -> " + output + ": " + rowsIn + " rows in, " + rowsOut + " out, " + columns.size()
                + " columns" + (droppedColumns.isEmpty() ? "" : " (dropped empty " + droppedColumns + ")")
                + (reused ? ", already up to date" : "") + " in " + elapsed.toMillis() + " ms";
    }
}
