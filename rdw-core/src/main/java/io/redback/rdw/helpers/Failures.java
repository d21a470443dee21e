package io.redback.rdw.helpers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;

/** Words for what went wrong, shared by the backends that speak to a service over the network. */
public final class Failures {
    private Failures() {
    }

    /**
     * Why a service could not be reached, in a few words for a message: "connection refused", "unknown host",
     * "no answer within 30 s", or the failure's own message.
     */
    public static String unreachable(IOException e, Duration timeout) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof InterruptedIOException) {
            return "no answer within " + timeout.toSeconds() + " s";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
