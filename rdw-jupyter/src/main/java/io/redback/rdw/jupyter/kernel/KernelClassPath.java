package io.redback.rdw.jupyter.kernel;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The class path the cells compile against: the kernel's own, so a cell sees exactly the classes it runs with. A jar
 * that names its libraries in its manifest ({@code rdw-cli.jar}) has them spelt out. {@code rdw jshell} uses the same.
 */
public final class KernelClassPath {
    private KernelClassPath() {
    }

    static String of(String javaClassPath) {
        return String.join(File.pathSeparator, entries(javaClassPath));
    }

    /** Every entry of {@code javaClassPath}, absolute, then the entries of each jar's manifest {@code Class-Path}. */
    public static List<String> entries(String javaClassPath) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                if (out.add(path.toString()) && Files.isRegularFile(path)) {
                    addManifestClassPath(path, out);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void addManifestClassPath(Path jar, Set<String> out) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (value == null) {
                return;
            }
            URI base = jar.getParent().toUri();
            for (String relative : value.trim().split("\\s+")) {
                try {
                    Path dependency = Path.of(base.resolve(relative)).normalize();
                    if (Files.exists(dependency)) {
                        out.add(dependency.toString());
                    }
                } catch (IllegalArgumentException ignored) {
                    // not a file URL: the JVM ignores such an entry too
                }
            }
        } catch (IOException e) {
            // not a jar: nothing more to add
        }
    }
}
