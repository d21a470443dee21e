package io.redback.rdw.spi;

import io.redback.rdw.Documents;

/**
 * Gives a client its projects' {@link Documents}: the checks, the provenance and the bulk load in front of the
 * {@link DocumentStore}. The module rdw-documents registers one (in
 * {@code META-INF/services/io.redback.rdw.spi.Provider}, like every provider); a client uses the first installed.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProviderContract} from rdw-tck.
 */
public interface DocumentsProvider extends Provider {

    /**
     * A project's documents on the client's document store, provenance sinks and executor. Cheap: nothing is opened
     * until a call needs the store.
     *
     * @throws io.redback.rdw.InvalidInputException if the project name is not 1 to 64 letters, digits, '_' and '-'
     */
    Documents documents(WarehouseContext context, String project);
}
