package io.redback.rdw;

import java.util.List;

/**
 * Where an object came from and what was made from it, as the provenance record tells: its sources (the bronze file a
 * silver dataset was cleaned from, with the SHA-256 it had when read, the pipeline and its spec hash), and the objects
 * derived from it, each with their own. {@link WarehouseClient#lineage} builds it; {@link #render()} prints it.
 *
 * @param object  the object
 * @param event   its latest write event, or {@code null} if the record has none (written before provenance was kept)
 * @param sources what it was computed from, each with its own sources (empty for a raw upload)
 * @param derived what was computed from it, each with its own derived objects
 */
public record LineageTree(ObjectRef object, ProvenanceEvent event, List<LineageTree> sources, List<LineageTree> derived) {

    public LineageTree {
        sources = List.copyOf(sources);
        derived = List.copyOf(derived);
    }

    /** The SHA-256 its latest write recorded, or {@code null}. */
    public String sha256() {
        return event == null ? null : event.sha256();
    }

    /** The tree as indented text: the object, then "made from" its ancestors and "used by" its descendants. */
    public String render() {
        StringBuilder out = new StringBuilder(line(this, null)).append('\n');
        out.append("  made from:\n");
        if (sources.isEmpty()) {
            out.append("    nothing recorded").append(event == null ? "" : ": a raw upload").append('\n');
        }
        for (LineageTree s : sources) {
            s.append(out, 2, true, event == null ? null : event.lineage());
        }
        out.append("  used by:\n");
        if (derived.isEmpty()) {
            out.append("    nothing recorded\n");
        }
        for (LineageTree d : derived) {
            d.append(out, 2, false, null);
        }
        return out.toString();
    }

    private void append(StringBuilder out, int depth, boolean up, ProvenanceEvent.Lineage readAs) {
        out.append("  ".repeat(depth)).append(line(this, readAs)).append('\n');
        for (LineageTree t : up ? sources : derived) {
            t.append(out, depth + 1, up, up && event != null ? event.lineage() : null);
        }
    }

    private static String line(LineageTree t, ProvenanceEvent.Lineage readAs) {
        StringBuilder s = new StringBuilder(t.object.toString());
        ProvenanceEvent e = t.event;
        if (e == null) {
            return s.append("  (no provenance recorded)").toString();
        }
        s.append("  ").append(e.eventType()).append(" by ").append(e.userId()).append(" at ").append(e.timestamp());
        if (e.sha256() != null) {
            s.append(", sha256 ").append(abbreviate(e.sha256()));
        }
        if (e.lineage() != null) {
            s.append(", by pipeline ").append(e.lineage().pipeline());
            if (e.lineage().specHash() != null) {
                s.append(" (spec ").append(abbreviate(e.lineage().specHash())).append(')');
            }
            if (e.lineage().sourceSha256() != null) {
                s.append(" from sha256 ").append(abbreviate(e.lineage().sourceSha256()));
            }
        }
        if (readAs != null && readAs.sourceSha256() != null && e.sha256() != null
                && !readAs.sourceSha256().equals(e.sha256())) {
            s.append("  [changed since it was read: it was sha256 ").append(abbreviate(readAs.sourceSha256())).append(']');
        }
        return s.toString();
    }

    private static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
