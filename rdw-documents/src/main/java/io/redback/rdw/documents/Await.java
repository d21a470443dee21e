package io.redback.rdw.documents;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.RdwException;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The blocking API's waits on the reactive one: the store's own exception is thrown as it is (a
 * {@link io.redback.rdw.NotFoundException} stays one), anything checked becomes a {@link BackendUnavailableException}.
 */
final class Await {
    private Await() {
    }

    /** The first value of a Publisher (the rest are cancelled), or empty if it completes without one. */
    static <T> Optional<T> one(Publisher<T> source) {
        return Optional.ofNullable(block(Mono.from(source)));
    }

    /** Every value of a Publisher. */
    static <T> List<T> all(Publisher<T> source) {
        return block(Flux.from(source).collectList());
    }

    /**
     * The values of a Publisher as a Stream that asks for {@code batch} at a time and for more as they are used, so
     * about that many are held in memory. Closing the stream cancels the rest.
     */
    static <T> Stream<T> stream(Publisher<T> source, int batch) {
        return Flux.from(source).onErrorMap(e -> !(e instanceof RuntimeException || e instanceof Error), Await::failed)
                .toStream(batch);
    }

    private static <T> T block(Mono<T> mono) {
        try {
            return mono.block();
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new RdwException("interrupted while waiting for the document store", cause);
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw failed(cause);
        }
    }

    private static BackendUnavailableException failed(Throwable t) {
        return new BackendUnavailableException("the document store failed: " + t, t);
    }
}
