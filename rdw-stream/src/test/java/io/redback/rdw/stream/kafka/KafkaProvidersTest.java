package io.redback.rdw.stream.kafka;

import io.redback.rdw.tck.ProviderContract;

/** The provider contract for every provider of rdw-stream. */
class KafkaProvidersTest extends ProviderContract {
    @Override
    protected String packagePrefix() {
        return "io.redback.rdw.stream.";
    }
}
