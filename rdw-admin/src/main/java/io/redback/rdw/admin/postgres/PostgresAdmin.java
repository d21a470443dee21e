package io.redback.rdw.admin.postgres;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.admin.ProvenanceAdmin;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** Creates or checks the provenance table as the administrator. */
public final class PostgresAdmin {
    private PostgresAdmin() {
    }

    public static ProvenanceAdmin.Result init(RdwConfig config) {
        PostgresSettings s = PostgresSettings.from(config);
        try (Connection c = DriverManager.getConnection(s.url(), s.properties(true))) {
            if (ProvenanceTable.exists(c, s.table())) {
                List<String> diff = ProvenanceTable.differences(c, s.table());
                if (!diff.isEmpty()) {
                    throw new ConfigurationException(s.where() + " exists and differs from the store's table, so rdw "
                            + "leaves it as it is: " + String.join("; ", diff));
                }
                return new ProvenanceAdmin.Result(ProvenanceAdmin.TableState.ALREADY_THERE, s.where());
            }
            ProvenanceTable.create(c, s.table());
            return new ProvenanceAdmin.Result(ProvenanceAdmin.TableState.CREATED, s.where());
        } catch (SQLException e) {
            throw new BackendUnavailableException("cannot create the provenance table in " + s.where() + ": "
                    + e.getMessage(), e);
        }
    }
}
