package io.redback.rdw.storage.s3;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.NotFoundException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an S3 failure means: whether it is worth another attempt, and which rdw exception tells the user what failed
 * and what to do. It knows the endpoint but not the credentials, so no message it makes can show the secret.
 */
final class S3Errors {
    private final URI endpoint;
    private final java.time.Duration pause;

    /** Errors of the server at {@code endpoint}, whose circuit breaker leaves it alone for {@code pause} when open. */
    S3Errors(URI endpoint, java.time.Duration pause) {
        this.endpoint = endpoint;
        this.pause = pause;
    }

    /** Failures worth another attempt: the network, timeouts, and the server saying it is busy or broken. */
    static boolean isTransient(Throwable t) {
        t = unwrap(t);
        if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
            return false;
        }
        if (t instanceof IOException || t instanceof ServerException || t instanceof InvalidResponseException) {
            return true;
        }
        if (t instanceof ErrorResponseException e) {
            String code = e.errorResponse().code();
            return e.response().code() >= 500 || "SlowDown".equals(code) || "RequestTimeout".equals(code);
        }
        return false;
    }

    /** The failure inside the future's wrappers. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A failure in a few words, for the log line of a retry. */
    static String brief(Throwable t) {
        Throwable u = unwrap(t);
        if (u instanceof ErrorResponseException e) {
            return e.errorResponse().code() + ", HTTP " + e.response().code();
        }
        return u.getClass().getSimpleName() + (u.getMessage() == null ? "" : ": " + u.getMessage());
    }

    /**
     * The rdw exception for a failed request: a missing object or bucket, a refused write, refused credentials, an
     * unreachable server, or the server's own error.
     *
     * @param what     what was being done, e.g. {@code store bronze/p/a.csv}
     * @param attempts how many times the request was sent
     */
    RuntimeException translate(String what, Throwable t, int attempts) {
        t = unwrap(t);
        String where = " (S3 at " + endpoint + ")";
        if (t instanceof CallNotPermittedException) {
            return new BackendUnavailableException(what + ": the S3 server at " + endpoint
                    + " failed repeatedly; rdw stops calling it for " + pause.toSeconds() + " s", t);
        }
        if (t instanceof ErrorResponseException e) {
            return answered(what, e, where);
        }
        if (t instanceof ConnectException || t instanceof UnknownHostException) {
            return new BackendUnavailableException(what + ": cannot reach the S3 server at " + endpoint + " ("
                    + t.getMessage() + ") after " + times(attempts) + "; is it running, and is the "
                    + S3ObjectStoreProvider.ENDPOINT.describe() + " right?", t);
        }
        if (t instanceof IOException) {
            return new BackendUnavailableException(what + ": the connection to " + endpoint + " failed ("
                    + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ") after "
                    + times(attempts), t);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new BackendUnavailableException(what + ": interrupted", t);
        }
        return new BackendUnavailableException(what + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where, t);
    }

    /** The server answered with an error code. */
    private static RuntimeException answered(String what, ErrorResponseException e, String where) {
        String code = e.errorResponse().code();
        int status = e.response().code();
        switch (code) {
            case "NoSuchKey", "NoSuchObject", "NoSuchUpload":
                return new NotFoundException(what + ": no such object" + where, e);
            case "NoSuchBucket":
                return new NotFoundException(what + ": the bucket does not exist" + where
                        + "; create the layer buckets with 'rdw init'", e);
            case "PreconditionFailed":
                return new AlreadyExistsException(what + ": the object already exists" + where, e);
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken":
                return new ConfigurationException(what + ": the S3 server refused the credentials (" + code + ")"
                        + where + "; check " + S3ObjectStoreProvider.ACCESS_KEY.describe() + " and "
                        + S3ObjectStoreProvider.SECRET_KEY.describe(), e);
            default:
                if (status == 404) {
                    return new NotFoundException(what + ": not found (" + code + ")" + where, e);
                }
                if (status == 412) {
                    return new AlreadyExistsException(what + ": the object already exists" + where, e);
                }
                return new BackendUnavailableException(what + ": the S3 server answered " + code + " (HTTP " + status
                        + ")" + where, e);
        }
    }

    private static String times(int attempts) {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }
}
