package io.redback.rdw.spi;

/**
 * The SELECT-only guard: parses a statement with a real SQL parser and decides whether it may run. rdw calls it
 * before any engine sees the text and refuses to query at all when no guard is on the classpath (rdw-query
 * provides one; found with {@link java.util.ServiceLoader}).
 */
public interface SqlGuard {

    /** Never throws for bad SQL: a refusal is a verdict with its reason. */
    CheckedQuery check(String sql);
}
