package io.redback.rdw.internal;

import io.redback.rdw.ConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Where configuration comes from on disk: the properties file, and the per-user warehouse folder. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The file to read: the one given, else the one {@code rdw.config} / {@code RDW_CONFIG} names, else the user's. */
    public static Path toRead(Path given, String named, Path userFile) {
        if (given != null) {
            return given;
        }
        return named != null && !named.isBlank() ? Path.of(named) : userFile;
    }

    /**
     * The file's settings; an absent user file is empty, but a file that was named explicitly must exist.
     *
     * @throws ConfigurationException if a named file is missing or a file cannot be read
     */
    public static Map<String, String> read(Path path, Path userFile) {
        if (!Files.isRegularFile(path)) {
            if (!path.equals(userFile)) {
                throw new ConfigurationException("configuration file " + path + " does not exist");
            }
            return Map.of();
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read configuration file " + path + ": " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            map.put(name, props.getProperty(name));
        }
        return map;
    }

    /** The per-user data folder of the embedded warehouse, following each platform's convention. */
    public static String defaultWarehouse(Map<String, String> env) {
        String home = System.getProperty("user.home");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path base;
        if (os.contains("win")) {
            String local = env.get("LOCALAPPDATA");
            base = local != null ? Path.of(local) : Path.of(home, "AppData", "Local");
        } else if (os.contains("mac")) {
            base = Path.of(home, "Library", "Application Support");
        } else {
            String xdg = env.get("XDG_DATA_HOME");
            base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
        }
        return base.resolve("rdw").resolve("warehouse").toString();
    }
}
