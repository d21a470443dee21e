package io.redback.rdw.admin;

import io.redback.rdw.tck.ProviderContract;

/** The provider contract for every provider of rdw-admin. */
class AdminProvidersTest extends ProviderContract {
    @Override
    protected String packagePrefix() {
        return "io.redback.rdw.admin.";
    }
}
