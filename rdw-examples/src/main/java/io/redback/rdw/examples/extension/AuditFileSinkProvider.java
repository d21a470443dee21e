package io.redback.rdw.examples.extension;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ProvenanceSink;
import io.redback.rdw.spi.ProvenanceSinkProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a module plugs a backend into rdw without touching rdw-core: a provenance sink that keeps an audit trail of every
 * write in a CSV file a spreadsheet opens. Registered in {@code META-INF/services/io.redback.rdw.spi.Provider}; chosen
 * when {@code RDW_AUDIT_FILE} is set (or by {@code rdw.provenance=embedded,audit-file}), next to the other sinks.
 */
public final class AuditFileSinkProvider implements ProvenanceSinkProvider {
    /** The settings this module reads: declared here, so rdw config lists them and a misspelt one is refused. */
    static final ConfigKey FILE = ConfigKey.of("rdw.audit.file", "CSV file that keeps an audit line per write")
            .env("RDW_AUDIT_FILE");
    static final ConfigKey FSYNC = ConfigKey.of("rdw.audit.fsync", "Force each audit line to disk before the write "
            + "it describes is reported done").env("RDW_AUDIT_FSYNC").defaultValue("true").type(ConfigKey.Type.FLAG);

    @Override
    public String name() {
        return "audit-file";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(FILE, FSYNC);
    }

    /** Checks beyond each value's kind: here, that the file is a CSV file. */
    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(FILE).filter(f -> !f.endsWith(".csv"))
                .ifPresent(f -> problems.add(FILE.describe() + " must name a .csv file"));
        return problems;
    }

    /** Chosen without being named when its file is configured. */
    @Override
    public Optional<String> selectedBy(RdwConfig config) {
        return config.origin(FILE).map(origin -> FILE.name() + " is set by " + origin);
    }

    @Override
    public ProvenanceSink open(RdwConfig config) {
        return new AuditFileSink(Path.of(config.require(FILE)), config.flag(FSYNC));
    }
}
