package io.redback.rdw.query.embedded;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Opens the embedded SQL engine (DuckDB) the way rdw uses it: offline (no extension is ever downloaded), with the
 * memory limit and threads from the configuration, spilling to a temporary folder, and, when asked, locked to a
 * list of folders so SQL can read nothing else on the machine.
 */
final class DuckDb {
    private DuckDb() {
    }

    /**
     * @param database     a database file, or {@code null} for an in-memory database
     * @param tempDir      where DuckDB spills when data outgrows memory
     * @param readableDirs if non-empty, the only folders SQL may read or write; the lock cannot be undone afterwards
     */
    static Connection open(RdwConfig config, Path database, Path tempDir, List<Path> readableDirs) {
        try {
            DuckDbNativeCache.prepare(config); // before the driver's class: where it will find its native library
            Class.forName("org.duckdb.DuckDBDriver");
            Properties props = new Properties();
            props.setProperty("autoinstall_known_extensions", "false");
            props.setProperty("autoload_known_extensions", "false");
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + (database == null ? "" : database), props);
            DuckDbNativeLibrary.loaded(); // the driver's copy of its library is loaded: it need not stay on disk
            try (Statement st = c.createStatement()) {
                st.execute("SET memory_limit = " + quote(config.require(EmbeddedQueryEngineProvider.MEMORY_LIMIT)));
                st.execute("SET threads = " + config.get(EmbeddedQueryEngineProvider.THREADS).map(String::strip)
                        .orElse(Integer.toString(Runtime.getRuntime().availableProcessors())));
                st.execute("SET temp_directory = " + quote(tempDir.toString()));
                st.execute("SET preserve_insertion_order = true");
                st.execute("SET TimeZone = 'UTC'");
                if (!readableDirs.isEmpty()) {
                    StringBuilder dirs = new StringBuilder("[");
                    for (Path d : readableDirs) {
                        dirs.append(dirs.length() > 1 ? ", " : "").append(quote(d.toString() + "/"));
                    }
                    st.execute("SET allowed_directories = " + dirs + "]");
                    st.execute("SET enable_external_access = false");
                    st.execute("SET lock_configuration = true");
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (ClassNotFoundException | SQLException e) {
            throw new BackendUnavailableException("cannot start the embedded SQL engine (DuckDB): " + e.getMessage(), e);
        }
    }

    /** A SQL string literal. */
    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A SQL identifier. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
