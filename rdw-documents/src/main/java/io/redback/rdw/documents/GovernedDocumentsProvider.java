package io.redback.rdw.documents;

import io.redback.rdw.ConfigKey;
import io.redback.rdw.DocumentRule;
import io.redback.rdw.Documents;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.DocumentsProvider;
import io.redback.rdw.spi.WarehouseContext;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's documents: input checked before it reaches the store, one provenance event per write, bulk loads in
 * batches. Works on whichever document store the client chose (embedded or MongoDB).
 */
public final class GovernedDocumentsProvider implements DocumentsProvider {
    /** Applies to every store: the old document service kept every project's documents in one collection. */
    static final ConfigKey COLLECTION = ConfigKey.of("rdw.documents.collection",
            "One collection for every project's documents, in either store (default: one collection per project, "
                    + "named after it)").env("COLLECTION_NAME");

    @Override
    public String name() {
        return "documents";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(COLLECTION);
    }

    @Override
    public List<String> validate(RdwConfig config) {
        List<String> problems = new ArrayList<>();
        config.get(COLLECTION).ifPresent(v -> {
            if (!v.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
                problems.add(COLLECTION.describe() + " is " + Names.printable(v)
                        + ": expected 1 to 64 letters, digits, '_' and '-', starting with a letter or digit");
            }
        });
        return problems;
    }

    @Override
    public Documents documents(WarehouseContext context, String project) {
        DocumentChecks.collection("project", project);
        String collection = context.config().get(COLLECTION).orElse(project);
        return new RealDocuments(new RealReactiveDocuments(new GovernedDocuments(context), project, collection,
                DocumentRule.NONE), context);
    }
}
