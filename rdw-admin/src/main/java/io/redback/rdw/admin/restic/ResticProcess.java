package io.redback.rdw.admin.restic;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.ForbiddenException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the restic command with the repository's settings in its environment (never on its command line), and turns
 * its failures into rdw's exceptions with what to do: install restic, fix the password file, init the repository,
 * unlock a stale lock.
 */
final class ResticProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ResticProcess.class);
    /** Lines of stderr kept for messages. */
    private static final int KEEP = 40;

    /** What a restic run printed and how it ended. */
    record Result(int exit, List<String> out, List<String> err) {
        String errText() {
            return String.join("\n", err);
        }
    }

    private final ResticSettings settings;

    ResticProcess(ResticSettings settings) {
        this.settings = settings;
    }

    ResticSettings settings() {
        return settings;
    }

    /** Runs restic and returns its result whatever its exit code, after mapping the failures every command shares. */
    Result run(List<String> args, Path workDir, Duration timeout, Consumer<String> eachOutLine) {
        List<String> command = new ArrayList<>();
        command.add(settings.binary());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        settings.applyTo(pb.environment());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        LOG.debug("running {} on {}", command, settings.where());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ConfigurationException("restic is not installed or cannot be run (" + ResticSettings.BINARY.name()
                    + "=" + settings.binary() + "): install it with 'apt-get install restic' (or brew install restic; "
                    + "see https://restic.net), or set " + ResticSettings.BINARY.describe() + " to its path", e);
        }
        try {
            p.getOutputStream().close();
            List<String> err = new ArrayList<>();
            Thread errReader = new Thread(() -> readLines(p.getErrorStream(), line -> {
                synchronized (err) {
                    err.add(line);
                    if (err.size() > KEEP) {
                        err.remove(0);
                    }
                }
            }), "restic-stderr");
            errReader.setDaemon(true);
            errReader.start();
            List<String> out = new ArrayList<>();
            Thread outReader = new Thread(() -> readLines(p.getInputStream(), line -> {
                synchronized (out) {
                    out.add(line);
                }
                eachOutLine.accept(line);
            }), "restic-stdout");
            outReader.setDaemon(true);
            outReader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                throw new BackendUnavailableException("restic " + args.get(0) + " on " + settings.where()
                        + " did not finish within " + timeout);
            }
            outReader.join(10_000);
            errReader.join(5_000);
            Result r;
            synchronized (err) {
                synchronized (out) {
                    r = new Result(p.exitValue(), List.copyOf(out), List.copyOf(err));
                }
            }
            if (r.exit() != 0) {
                LOG.debug("restic {} exited {}: {}", args.get(0), r.exit(), r.errText());
                failCommon(r);
            }
            return r;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new RdwException("interrupted while restic " + args.get(0) + " ran; it was stopped", e);
        } catch (IOException e) {
            p.destroy();
            throw new BackendUnavailableException("reading restic's output failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            p.destroy();
            throw e;
        }
    }

    /** Runs restic and fails on any non-zero exit with restic's own words. */
    Result runOk(List<String> args, Path workDir, Duration timeout) {
        Result r = run(args, workDir, timeout, line -> { });
        if (r.exit() != 0) {
            throw failure(args.get(0), r);
        }
        return r;
    }

    /** The exception for a failed command that {@link #failCommon} did not recognise. */
    RdwException failure(String what, Result r) {
        return new BackendUnavailableException("restic " + what + " on " + settings.where() + " failed (exit "
                + r.exit() + "): " + lastLines(r));
    }

    /** The failures any restic command can report: the password, a missing repository, a lock. */
    private void failCommon(Result r) {
        String err = r.errText();
        if (err.contains("wrong password or no key found")) {
            throw new ForbiddenException("the restic repository " + settings.where() + " does not accept "
                    + settings.passwordSource() + ": put the repository's password in that file (RESTIC_PASSWORD_FILE)");
        }
        if (err.contains("repository is already locked")) {
            throw new BackendUnavailableException("the restic repository " + settings.where()
                    + " is locked by another restic process (" + lockHolder(err) + "): wait for it to finish; if no "
                    + "other backup or restic command is running on it, remove the stale lock with 'rdw backup unlock' "
                    + "(restic unlock)");
        }
        if (err.contains("Is there a repository at the following location?")
                || err.contains("unable to open config file")) {
            throw new NotFoundException("there is no restic repository at " + settings.where()
                    + ": create it with 'rdw backup init' (restic init), or correct "
                    + ResticSettings.REPOSITORY.describe());
        }
    }

    private static String lockHolder(String err) {
        for (String line : err.split("\n")) {
            int at = line.indexOf("locked by ");
            if (at >= 0) {
                return line.substring(at).strip();
            }
        }
        return "see restic list locks";
    }

    private static String lastLines(Result r) {
        List<String> lines = r.err().isEmpty() ? r.out() : r.err();
        List<String> tail = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        return tail.isEmpty() ? "no output" : String.join(" / ", tail);
    }

    private static void readLines(java.io.InputStream in, Consumer<String> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                each.accept(line);
            }
        } catch (IOException e) {
            LOG.debug("restic's output ended: {}", e.getMessage());
        }
    }
}
