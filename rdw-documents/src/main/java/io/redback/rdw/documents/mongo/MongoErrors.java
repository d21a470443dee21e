package io.redback.rdw.documents.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.ConfigurationException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.RdwException;
import org.bson.BsonMaximumSizeExceededException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver's exceptions as rdw's, with every trace of the connection string's secret removed: the password (as
 * written and decoded) and the whole string are masked in messages, and a driver exception whose messages still carry
 * one is not kept as the cause.
 */
final class MongoErrors {
    private final String where;
    private final List<String> secrets = new ArrayList<>();

    /**
     * @param where the server and database, for messages ({@code MongoDB at host:27017/db})
     * @param uri   the connection string, whose secret parts are masked
     */
    MongoErrors(String where, String uri) {
        this.where = where;
        String password = rawPassword(uri);
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
            try {
                secrets.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException ignored) {
                // not valid percent-encoding: the raw form is masked
            }
        }
        secrets.add(uri);
        // longest first, so that a secret inside another is masked whole
        secrets.sort((a, b) -> b.length() - a.length());
    }

    /** The password of {@code scheme://user:password@host/...} as written, or {@code null}. */
    static String rawPassword(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return null;
        }
        String rest = uri.substring(scheme + 3);
        int end = rest.length();
        for (char c : new char[]{'/', '?'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return null;
        }
        String userInfo = authority.substring(0, at);
        int colon = userInfo.indexOf(':');
        return colon < 0 ? null : userInfo.substring(colon + 1);
    }

    /** Text without the secrets. */
    String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, "******");
        }
        return out;
    }

    private Throwable safeCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (!clean(String.valueOf(c.getMessage())).equals(String.valueOf(c.getMessage()))) {
                return null;
            }
        }
        return t;
    }

    /**
     * The driver's failure of {@code what} as an rdw exception. A write that may have stored part of its documents
     * fails with BackendUnavailableException, as the SPI asks.
     */
    RuntimeException translate(Throwable t, String what) {
        if (t instanceof RdwException r) {
            return r;
        }
        String message = clean(t.getMessage());
        Throwable cause = safeCause(t);
        if (t instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
            BulkWriteError first = bulk.getWriteErrors().get(0);
            if (first.getIndex() == 0 && ErrorCategory.fromErrorCode(first.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return new AlreadyExistsException("cannot " + what + ": the id of the first document exists already ("
                        + clean(first.getMessage()) + ")", cause);
            }
            return new BackendUnavailableException(where + " refused document " + (first.getIndex() + 1) + " while it "
                    + "was asked to " + what + ", after storing the ones before it: " + clean(first.getMessage()), cause);
        }
        if (t instanceof MongoWriteException w) {
            if (w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return new AlreadyExistsException("cannot " + what + ": the id exists already", cause);
            }
            return new InvalidInputException(where + " refused to " + what + ": " + clean(w.getError().getMessage()), cause);
        }
        if (t instanceof BsonMaximumSizeExceededException) {
            return new InvalidInputException("cannot " + what + ": " + message, cause);
        }
        if (t instanceof MongoSecurityException) {
            return new ConfigurationException(where + " refused the credentials of the connection string "
                    + "(MONGO_URI) while asked to " + what + ": " + message, cause);
        }
        if (t instanceof MongoTimeoutException || t instanceof MongoSocketException) {
            return new BackendUnavailableException(where + " cannot be reached while asked to " + what + ": " + message
                    + "; check that it is running and that MONGO_URI names it", cause);
        }
        if (t instanceof MongoCommandException c) {
            return new BackendUnavailableException(where + " failed to " + what + " (error " + c.getErrorCode() + " "
                    + clean(c.getErrorCodeName()) + "): " + clean(c.getErrorMessage()), cause);
        }
        if (t instanceof MongoClientException || t instanceof IllegalStateException) {
            return new BackendUnavailableException("the MongoDB client cannot " + what + ": " + message, cause);
        }
        return new BackendUnavailableException(where + " failed to " + what + ": " + t.getClass().getSimpleName() + ": "
                + message, cause);
    }
}
