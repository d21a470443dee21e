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
        missing(command + " is not installed, so this interoperability test cannot run: " + install);
    }

    /**
     * Returns when the server {@code binary} (e.g. {@code /usr/sbin/clamd}, often not on a user's PATH) is installed;
     * else skips the test (or fails it in CI), naming the install.
     */
    public static void requireServer(Path binary, String install) {
        if (!Files.isExecutable(binary)) {
            missing(binary + " is not installed, so the tests that start it cannot run: " + install);
        }
    }

    private static void missing(String message) {
        if ("1".equals(System.getenv("RDW_REQUIRE_INTEROP_CLIENTS"))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message);
    }
}
