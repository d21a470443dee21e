package io.redback.rdw.admin;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.admin.postgres.PostgresAdmin;

/**
 * What the warehouse's administrators do for provenance: create the central table where it is missing.
 * {@code rdw admin provenance init} calls this.
 */
public final class ProvenanceAdmin {
    private ProvenanceAdmin() {
    }

    /** What {@link #init} found or did. */
    public enum TableState {
        /** The table was missing and was created with the store's DDL. */
        CREATED,
        /** The table was there and matches the store's; nothing was changed. */
        ALREADY_THERE
    }

    /**
     * Creates the provenance table with the store's own DDL where it is missing, as the administrator
     * ({@code rdw.postgres.admin-user}, else {@code rdw.postgres.user}). An existing table is never altered.
     *
     * @return what it found or did, and where
     * @throws ConfigurationException      if the existing table does not match the store's; the message names each
     *                                     difference
     * @throws BackendUnavailableException if the database cannot be reached
     */
    public static Result init(RdwConfig config) {
        return PostgresAdmin.init(config);
    }

    /** The outcome of {@link #init}: the state and the table, described without credentials. */
    public record Result(TableState state, String table) {
    }
}
