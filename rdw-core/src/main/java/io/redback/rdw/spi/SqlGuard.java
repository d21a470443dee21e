package io.redback.rdw.spi;

/**
 * The SELECT-only guard: parses a statement with a real SQL parser and decides whether it may run. rdw calls it
 * before any engine sees the text and refuses to query at all when no guard is on the classpath (rdw-query
 * provides one; found with {@link java.util.ServiceLoader}).
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.SqlGuardContract} from rdw-tck.
 */
public interface SqlGuard {

    /**
     * Parses and judges a statement under a policy. Never throws for bad SQL: a refusal is a verdict with its reason.
     */
    CheckedQuery check(String sql, io.redback.rdw.QueryPolicy policy);

    /** As {@link #check(String, io.redback.rdw.QueryPolicy)} with no restriction beyond read-only. */
    default CheckedQuery check(String sql) {
        return check(sql, io.redback.rdw.QueryPolicy.OPEN);
    }
}
