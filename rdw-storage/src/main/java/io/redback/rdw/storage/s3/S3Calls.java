package io.redback.rdw.storage.s3;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.redback.rdw.RdwException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How every request reaches the S3 server: transient failures (unreachable, timeouts, 5xx) are retried with growing
 * pauses, a circuit breaker stops calling a server whose calls keep failing after their retries, and what the server
 * says becomes rdw's exceptions.
 */
final class S3Calls {
    private static final Logger LOG = LoggerFactory.getLogger(S3Calls.class);
    /** How long a server that keeps failing is left alone before rdw tries it again. */
    static final Duration BREAK = Duration.ofSeconds(15);

    private final S3Errors errors;
    private final int attempts;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /** Calls whose circuit breaker, once open, leaves the server alone for {@code pause} (tests: longer than they run). */
    S3Calls(S3Settings settings, Duration pause) {
        this.errors = new S3Errors(settings.endpoint(), pause);
        this.attempts = settings.retries() + 1;
        this.retry = Retry.of("s3", RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.firstBackoff(), 2.0, Duration.ofSeconds(10)))
                .retryOnException(S3Errors::isTransient)
                .build());
        retry.getEventPublisher().onRetry(e -> LOG.info("S3 at {}: attempt {} failed ({}); retrying in {} ms",
                settings.endpoint(), e.getNumberOfRetryAttempts(), S3Errors.brief(e.getLastThrowable()),
                e.getWaitInterval().toMillis()));
        this.breaker = CircuitBreaker.of("s3", CircuitBreakerConfig.custom()
                .failureRateThreshold(50).slidingWindowSize(20).minimumNumberOfCalls(10)
                .waitDurationInOpenState(pause)
                .recordException(S3Errors::isTransient)
                .build());
    }

    /** A request to the server that returns a future. */
    @FunctionalInterface
    interface Request<T> {
        CompletableFuture<T> send() throws Exception;
    }

    /** Sends a request through the circuit breaker, retrying transient failures with exponential backoff. */
    <T> T call(String what, Request<T> request) {
        try {
            // the breaker judges whole calls, retries included: a call that rode out a short outage is a success
            return CircuitBreaker.decorateCheckedSupplier(breaker, Retry.decorateCheckedSupplier(retry,
                    () -> await(request))).get();
        } catch (RdwException e) {
            throw e;
        } catch (Throwable t) {
            throw errors.translate(what, t, attempts);
        }
    }

    /**
     * Sends a request once, past the breaker: a health check must answer quickly, and is how one learns that a server
     * the breaker gave up on is back.
     */
    <T> T once(String what, Request<T> request) {
        try {
            return await(request);
        } catch (RdwException e) {
            throw e;
        } catch (Throwable t) {
            throw errors.translate(what, t, 1);
        }
    }

    private static <T> T await(Request<T> request) throws Throwable {
        try {
            return request.send().get();
        } catch (ExecutionException | CompletionException e) {
            throw S3Errors.unwrap(e);
        }
    }
}
