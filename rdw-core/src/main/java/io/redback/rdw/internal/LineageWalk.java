package io.redback.rdw.internal;

import io.redback.rdw.LineageTree;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceStore;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds a {@link LineageTree} from a searchable provenance record: up through each event's source, down through the
 * events that name an object as theirs. Depth is bounded and each object is visited once, so a record with a cycle in
 * it (an object overwritten by something derived from itself) still ends. */
public final class LineageWalk {
    static final int MAX_DEPTH = 16;
    private static final Set<String> WRITES = Set.of(ProvenanceEvent.FILE_UPLOADED, ProvenanceEvent.OBJECT_WRITTEN,
            ProvenanceEvent.OBJECT_DERIVED);

    private final ProvenanceStore store;

    public LineageWalk(ProvenanceStore store) {
        this.store = store;
    }

    public LineageTree of(ObjectRef ref) {
        return new LineageTree(ref, latest(ref), up(ref, 0, new HashSet<>(Set.of(ref))), down(ref, 0, new HashSet<>(Set.of(ref))));
    }

    /** The object's latest write event, or null. */
    private ProvenanceEvent latest(ObjectRef ref) {
        for (ProvenanceEvent e : store.find(ProvenanceQuery.all().layer(ref.layer()).keyPrefix(ref.key()))) {
            if (ref.key().equals(e.objectKey()) && WRITES.contains(e.eventType())) {
                return e; // newest first
            }
        }
        return null;
    }

    private List<LineageTree> up(ObjectRef ref, int depth, Set<ObjectRef> seen) {
        ProvenanceEvent e = latest(ref);
        if (e == null || e.lineage() == null || e.lineage().source() == null || depth >= MAX_DEPTH) {
            return List.of();
        }
        ObjectRef source = e.lineage().source();
        if (!seen.add(source)) {
            return List.of();
        }
        return List.of(new LineageTree(source, latest(source), up(source, depth + 1, seen), List.of()));
    }

    private List<LineageTree> down(ObjectRef ref, int depth, Set<ObjectRef> seen) {
        if (depth >= MAX_DEPTH) {
            return List.of();
        }
        Set<ObjectRef> children = new LinkedHashSet<>();
        for (ProvenanceEvent e : store.find(ProvenanceQuery.all().derivedFrom(ref))) {
            if (e.layer() != null && e.objectKey() != null && WRITES.contains(e.eventType())) {
                children.add(new ObjectRef(e.layer(), e.objectKey()));
            }
        }
        List<LineageTree> out = new ArrayList<>();
        for (ObjectRef child : children) {
            if (seen.add(child)) {
                out.add(new LineageTree(child, latest(child), List.of(), down(child, depth + 1, seen)));
            }
        }
        return out;
    }
}
