package io.redback.rdw.query;

import io.redback.rdw.tck.ProviderContract;

/** The provider contract for every provider of rdw-query. */
class QueryProvidersTest extends ProviderContract {
    @Override
    protected String packagePrefix() {
        return "io.redback.rdw.query.";
    }
}
