package io.redback.rdw.documents;

import io.redback.rdw.tck.ProviderContract;

/** The provider contract for every provider of rdw-documents. */
class DocumentsProvidersTest extends ProviderContract {
    @Override
    protected String packagePrefix() {
        return "io.redback.rdw.documents.";
    }
}
