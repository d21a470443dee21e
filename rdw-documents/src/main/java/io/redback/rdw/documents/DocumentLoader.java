package io.redback.rdw.documents;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.LoadOptions;
import io.redback.rdw.LoadReport;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.Progress;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.RdwException;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bulk load: documents are read one at a time, checked, and stored in batches; each batch is one write and one
 * {@code documents:loaded} provenance event. A bad line stops the load after the documents before it are stored, so
 * the error can say exactly what is in the collection and where to resume.
 */
final class DocumentLoader {
    /** A batch is also cut at this many bytes of JSON, so memory stays bounded whatever the documents' size. */
    private static final long BATCH_BYTES = 8L << 20;

    private final RealReactiveDocuments docs;
    private final String source;
    private final LoadOptions options;
    private final Map<String, Object> sourceMetadata;
    private final ProvenanceEvent.Lineage lineage;
    private final List<GovernedDocuments.Prepared> batch = new ArrayList<>();
    private long batchBytes;
    private long batchFirstLine;
    private long batchLastLine;
    private long stored;
    private int batches;

    DocumentLoader(RealReactiveDocuments docs, String source, LoadOptions options, Map<String, Object> sourceMetadata,
                   ProvenanceEvent.Lineage lineage) {
        this.docs = docs;
        this.source = source;
        this.options = options;
        this.sourceMetadata = sourceMetadata;
        this.lineage = lineage;
    }

    LoadReport load(InputStream in) {
        long started = System.nanoTime();
        try (DocumentReader reader = DocumentReader.open(in, source, options.fromLine())) {
            while (true) {
                DocumentReader.Item item;
                try {
                    item = reader.next();
                } catch (InvalidInputException e) {
                    flush();
                    throw badLine(e.line().orElse(reader.line()), e.getMessage().replaceFirst("^line \\d+: ", ""), e);
                }
                if (item == null) {
                    break;
                }
                GovernedDocuments.Prepared p;
                try {
                    p = docs.prepare(item.document());
                } catch (InvalidInputException e) {
                    flush();
                    throw badLine(item.line(), e.getMessage(), e);
                }
                if (batch.isEmpty()) {
                    batchFirstLine = item.line();
                }
                batchLastLine = item.line();
                batch.add(p);
                batchBytes += p.json().length;
                if (batch.size() >= options.batchSize() || batchBytes >= BATCH_BYTES) {
                    flush();
                }
            }
            flush();
            return new LoadReport(source, docs.collection(), stored, batches, reader.line(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Object> meta = new LinkedHashMap<>(sourceMetadata);
        meta.put("batch", batches + 1);
        meta.put("first_line", batchFirstLine);
        meta.put("last_line", batchLastLine);
        try {
            Await.one(docs.governed().insert(docs.project(), docs.collection(), List.copyOf(batch),
                    ProvenanceEvent.DOCUMENTS_LOADED, meta, lineage));
        } catch (RdwException e) {
            throw stopped(e);
        }
        stored += batch.size();
        batches++;
        batch.clear();
        batchBytes = 0;
        options.progress().update(new Progress(stored, -1, Progress.Unit.DOCUMENTS));
    }

    private String storedSoFar() {
        return stored == 0 ? "nothing was stored before it"
                : stored + " document" + (stored == 1 ? "" : "s") + " before it " + (stored == 1 ? "was" : "were")
                + " stored (" + batches + " batch" + (batches == 1 ? "" : "es") + ")";
    }

    private InvalidInputException badLine(long line, String problem, Throwable cause) {
        return new InvalidInputException(source + ": line " + line + ": " + problem + "; " + storedSoFar()
                + "; fix the line and resume from line " + line + " (--from-line " + line + ")", source, line, cause);
    }

    /** A batch the store refused or could not take: the error names the line reached and what is stored. */
    private RdwException stopped(RdwException e) {
        String lines = "lines " + batchFirstLine + "-" + batchLastLine;
        String message = source + ": loading stopped at line " + batchFirstLine + " (batch " + (batches + 1) + ", "
                + lines + "): " + e.getMessage() + "; " + storedSoFar().replace(" before it", "")
                + (e instanceof BackendUnavailableException
                ? "; documents of " + lines + " may be partly stored: check them before resuming from line " + batchFirstLine
                : "; nothing of " + lines + " was stored; resume from line " + batchFirstLine);
        if (e instanceof BackendUnavailableException) {
            return new BackendUnavailableException(message, e);
        }
        if (e instanceof AlreadyExistsException) {
            return new AlreadyExistsException(message, e);
        }
        if (e instanceof InvalidInputException) {
            return new InvalidInputException(message, source, batchFirstLine, e);
        }
        if (e instanceof NotFoundException) {
            return new NotFoundException(message, e);
        }
        if (e instanceof ConfigurationException) {
            return new ConfigurationException(message, e);
        }
        return new RdwException(message, e);
    }
}
