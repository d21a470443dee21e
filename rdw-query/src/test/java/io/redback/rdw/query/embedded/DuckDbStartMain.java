package io.redback.rdw.query.embedded;

import io.redback.rdw.RdwConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** Starts the embedded engine once, for {@link DuckDbNativeCacheTest}'s child JVMs: prints what it found. */
public final class DuckDbStartMain {
    private DuckDbStartMain() {
    }

    public static void main(String[] args) throws Exception {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).build(); // -Drdw.embedded.native-cache
        Path spill = Files.createTempDirectory(Path.of(args[0]), "spill");
        try (Connection db = DuckDb.open(config, null, spill, List.of()); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT 42")) {
            rs.next();
            System.out.println("answer=" + rs.getInt(1));
            System.out.println("outcome=" + DuckDbNativeCache.prepare(config));
            Path maps = Path.of("/proc/self/maps");
            if (Files.isReadable(maps)) {
                Files.readAllLines(maps).stream().filter(l -> l.contains("duckdb_java"))
                        .map(l -> "mapped=" + l.substring(l.indexOf('/'))).distinct().forEach(System.out::println);
            }
        }
    }
}
