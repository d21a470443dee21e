package io.redback.rdw.tables;

import java.time.Instant;
import java.util.Objects;

/**
 * Which version of a table to read: its current state on main (or the branch of the table handle), a snapshot, a
 * branch or tag by name, or the version current at a moment. As Dremio's {@code AT SNAPSHOT}, {@code AT BRANCH},
 * {@code AT TAG} and {@code AT TIMESTAMP}.
 */
public sealed interface TableVersion {
    /** The version current on the table handle's branch (main unless the handle is a branch's). */
    static TableVersion current() {
        return Current.INSTANCE;
    }

    static TableVersion snapshot(long id) {
        return new Snapshot(id);
    }

    /** A branch's or tag's head. */
    static TableVersion ref(String name) {
        return new Ref(Objects.requireNonNull(name, "name"));
    }

    /** The version that was current on main at {@code when}. */
    static TableVersion at(Instant when) {
        return new At(Objects.requireNonNull(when, "when"));
    }

    enum Current implements TableVersion { INSTANCE }

    record Snapshot(long id) implements TableVersion {
    }

    record Ref(String name) implements TableVersion {
    }

    record At(Instant when) implements TableVersion {
    }
}
