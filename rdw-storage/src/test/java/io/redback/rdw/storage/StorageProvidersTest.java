package io.redback.rdw.storage;

import io.redback.rdw.tck.ProviderContract;

/** The provider contract for every provider of rdw-storage. */
class StorageProvidersTest extends ProviderContract {
    @Override
    protected String packagePrefix() {
        return "io.redback.rdw.storage.";
    }
}
