package io.redback.rdw.documents.embedded;

import io.redback.rdw.DocumentQuery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * One query over an embedded collection, read lazily. Without a sort, documents are read in id order and filtered as
 * they are asked for. With one, a first pass keeps only each matching document's sort keys and id (and, when there
 * is a limit, only the best {@code skip + limit} of them), and the second pass reads the chosen documents again in
 * order; one that changed or went away in between is left out.
 */
final class EmbeddedQuery {
    private final EmbeddedDocumentStore store;
    private final Path dir;
    private final DocumentQuery query;

    EmbeddedQuery(EmbeddedDocumentStore store, Path dir, DocumentQuery query) {
        this.store = store;
        this.dir = dir;
        this.query = query;
    }

    /** What the query returns, read as it is iterated. */
    Iterable<Map<String, Object>> plan() {
        List<String> ids = store.ids(dir);
        if (query.sort().isEmpty()) {
            return () -> new Reader(ids.iterator(), query.skip());
        }
        List<String> ordered = sorted(ids);
        return () -> new Reader(ordered.iterator(), 0);
    }

    private record Entry(List<Object> keys, String id) {
    }

    private List<String> sorted(List<String> ids) {
        List<String> fields = new ArrayList<>();
        List<Boolean> descending = new ArrayList<>();
        for (String s : query.sort()) {
            descending.add(s.startsWith("-"));
            fields.add(s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s);
        }
        Comparator<Entry> order = (a, b) -> {
            for (int i = 0; i < fields.size(); i++) {
                int c = DocumentValues.compare(a.keys().get(i), b.keys().get(i));
                if (c != 0) {
                    return descending.get(i) ? -c : c;
                }
            }
            return a.id().compareTo(b.id());
        };
        long keep = query.limit() == 0 ? Long.MAX_VALUE : (long) query.skip() + query.limit();
        // the worst kept entry on top, so that it is the one dropped when a better one comes
        PriorityQueue<Entry> best = new PriorityQueue<>(order.reversed());
        for (String id : ids) {
            Map<String, Object> doc = store.read(store.file(dir, id));
            if (doc == null || !DocumentMatcher.matches(doc, query.filter())) {
                continue;
            }
            List<Object> keys = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                keys.add(DocumentValues.sortKey(doc, fields.get(i), descending.get(i)));
            }
            best.add(new Entry(keys, id));
            if (best.size() > keep) {
                best.poll();
            }
        }
        List<Entry> entries = new ArrayList<>(best);
        entries.sort(order);
        List<String> out = new ArrayList<>();
        for (int i = query.skip(); i < entries.size(); i++) {
            out.add(entries.get(i).id());
        }
        return out;
    }

    /** Reads documents by id, filters, skips, limits and projects, one at a time. */
    private final class Reader implements Iterator<Map<String, Object>> {
        private final Iterator<String> ids;
        private int toSkip;
        private int returned;
        private Map<String, Object> next;

        Reader(Iterator<String> ids, int skip) {
            this.ids = ids;
            this.toSkip = skip;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (query.limit() > 0 && returned >= query.limit()) {
                return false;
            }
            while (ids.hasNext()) {
                Map<String, Object> doc = store.read(store.file(dir, ids.next()));
                if (doc == null || !DocumentMatcher.matches(doc, query.filter())) {
                    continue;
                }
                if (toSkip > 0) {
                    toSkip--;
                    continue;
                }
                next = query.fields().isEmpty() ? doc : DocumentValues.project(doc, query.fields());
                return true;
            }
            return false;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<String, Object> d = next;
            next = null;
            returned++;
            return d;
        }
    }
}
