package io.redback.rdw.tck;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The independent clients that interoperability tests read rdw's output with ({@code psql}, the AWS CLI, ...). On a
 * developer's machine without one, its tests are skipped with the command that installs it; where
 * {@code RDW_REQUIRE_INTEROP_CLIENTS=1} (CI, which installs them) a missing client fails the test instead.
 */
public final class InteropClients {
    private InteropClients() {
    }

    /** Returns when {@code command} is on the PATH; else skips the test (or fails it in CI), naming the install. */
    public static void require(String command, String install) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                    return;
                }
            }
        }
        String message = command + " is not installed, so this interoperability test cannot run: " + install;
        if ("1".equals(System.getenv("RDW_REQUIRE_INTEROP_CLIENTS"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }
}
