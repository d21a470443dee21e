package io.redback.rdw.jupyter;

import io.redback.rdw.LineageTree;
import io.redback.rdw.ProvenanceEvent;

import java.util.List;

/**
 * A lineage tree as nested HTML lists: the object, then what it was made from (its ancestors, each with theirs) and
 * what uses it (its descendants). The plain-text form is {@link LineageTree#render()}.
 */
final class LineageDisplay {
    private LineageDisplay() {
    }

    static String html(LineageTree tree) {
        StringBuilder b = new StringBuilder("<div class=\"rdw-lineage\">\n<ul>\n<li>");
        line(b, tree, true);
        b.append("\n<ul>\n<li>made from");
        branch(b, tree.sources(), true, tree.event() == null ? "nothing recorded" : "nothing recorded: a raw upload");
        b.append("</li>\n<li>used by");
        branch(b, tree.derived(), false, "nothing recorded");
        return b.append("</li>\n</ul>\n</li>\n</ul>\n</div>\n").toString();
    }

    /** The nodes of one direction, each followed by its own nodes in the same direction. */
    private static void branch(StringBuilder b, List<LineageTree> nodes, boolean up, String none) {
        b.append("\n<ul>\n");
        if (nodes.isEmpty()) {
            b.append("<li><i style=\"color:#888\">").append(Grid.escape(none)).append("</i></li>\n");
        }
        for (LineageTree t : nodes) {
            b.append("<li>");
            line(b, t, false);
            List<LineageTree> next = up ? t.sources() : t.derived();
            if (!next.isEmpty()) {
                branch(b, next, up, "");
            }
            b.append("</li>\n");
        }
        b.append("</ul>\n");
    }

    private static void line(StringBuilder b, LineageTree t, boolean root) {
        b.append(root ? "<b>" : "<code>").append(Grid.escape(t.object().toString())).append(root ? "</b>" : "</code>");
        ProvenanceEvent e = t.event();
        if (e == null) {
            b.append(" <i style=\"color:#888\">(no provenance recorded)</i>");
            return;
        }
        b.append(" — ").append(Grid.escape(e.eventType())).append(" by ").append(Grid.escape(e.userId()))
                .append(" at ").append(Grid.escape(Displays.time(e.timestamp())));
        if (e.sha256() != null) {
            b.append(", sha256 <code>").append(Grid.escape(Displays.shortHash(e.sha256()))).append("</code>");
        }
        if (e.lineage() != null) {
            b.append(", by pipeline <b>").append(Grid.escape(e.lineage().pipeline())).append("</b>");
            if (e.lineage().specHash() != null) {
                b.append(" (spec <code>").append(Grid.escape(Displays.shortHash(e.lineage().specHash()))).append("</code>)");
            }
        }
    }
}
