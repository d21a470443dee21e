package io.redback.rdw.admin.restic;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.Secret;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the backup repository is and how restic opens it, from the names restic itself reads
 * ({@code RESTIC_REPOSITORY}, {@code RESTIC_PASSWORD_FILE}, {@code RESTIC_PASSWORD}). The password (or the file that
 * holds it) reaches the restic process through its environment only.
 */
record ResticSettings(String binary, String repository, Optional<Path> passwordFile, Optional<Secret> password) {

    static final ConfigKey REPOSITORY = ConfigKey.of("rdw.restic.repository",
            "restic repository of the warehouse's backups: a folder, sftp:host:/path, s3:..., rest:... "
                    + "(setting it adds a backup check to rdw doctor)").env("RDW_RESTIC_REPOSITORY", "RESTIC_REPOSITORY");
    static final ConfigKey PASSWORD_FILE = ConfigKey.of("rdw.restic.password-file",
            "File holding the repository's password").env("RDW_RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_FILE");
    static final ConfigKey PASSWORD = ConfigKey.of("rdw.restic.password",
            "The repository's password, when no password file is set").env("RDW_RESTIC_PASSWORD", "RESTIC_PASSWORD")
            .secret();
    static final ConfigKey BINARY = ConfigKey.of("rdw.restic.binary",
            "The restic command (a name on the PATH or a path)").env("RDW_RESTIC_BINARY").defaultValue("restic");

    static final List<ConfigKey> KEYS = List.of(REPOSITORY, PASSWORD_FILE, PASSWORD, BINARY);

    /** The environment variables restic reads that this class sets, or clears so an inherited one cannot apply. */
    private static final List<String> RESTIC_ENV = List.of("RESTIC_REPOSITORY", "RESTIC_REPOSITORY_FILE",
            "RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE", "RESTIC_PASSWORD_COMMAND");

    /**
     * @throws ConfigurationException if the repository or a password is not set
     */
    static ResticSettings from(RdwConfig config) {
        String repository = config.require(REPOSITORY);
        Optional<Path> file = config.get(PASSWORD_FILE).map(Path::of);
        Optional<Secret> password = config.secret(PASSWORD);
        if (file.isEmpty() && password.isEmpty()) {
            throw new ConfigurationException("the restic repository's password is not set: set "
                    + PASSWORD_FILE.describe() + " to a file holding it, or " + PASSWORD.describe());
        }
        return new ResticSettings(config.require(BINARY), repository, file, password);
    }

    static List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.isSet(REPOSITORY) && config.get(PASSWORD_FILE).isEmpty() && config.get(PASSWORD).isEmpty()) {
            problems.add(REPOSITORY.describe() + " needs a password: set " + PASSWORD_FILE.describe() + " or "
                    + PASSWORD.describe());
        }
        config.get(PASSWORD_FILE).map(Path::of).filter(p -> !Files.isReadable(p)).ifPresent(p -> problems.add(
                PASSWORD_FILE.describe() + " names " + p + ", which cannot be read"));
        return problems;
    }

    /** Sets restic's variables in a child process's environment, replacing any the parent had. */
    void applyTo(Map<String, String> env) {
        RESTIC_ENV.forEach(env::remove);
        env.put("RESTIC_REPOSITORY", repository);
        if (passwordFile.isPresent()) {
            env.put("RESTIC_PASSWORD_FILE", passwordFile.get().toAbsolutePath().toString());
        } else {
            env.put("RESTIC_PASSWORD", password.orElseThrow().reveal());
        }
        env.put("RESTIC_PROGRESS_FPS", "1");
    }

    /** Which setting holds the password, for messages: the key and its variables, never the value. */
    String passwordSource() {
        return passwordFile.isPresent() ? "the password in " + passwordFile.get() + " (" + PASSWORD_FILE.describe() + ")"
                : "the password " + PASSWORD.describe();
    }

    /** The repository without credentials a URL may carry ({@code rest:https://user:pass@host/}). */
    String where() {
        return repository.replaceAll("//[^/@]*@", "//***@");
    }

    @Override
    public String toString() {
        return "restic repository " + where();
    }
}
