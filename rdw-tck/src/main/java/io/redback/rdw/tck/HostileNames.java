package io.redback.rdw.tck;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Names;
import io.redback.rdw.spi.ObjectStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Names an attacker (or a careless script) hands to rdw, for {@link ObjectStoreContract}: keys that try to leave their
 * bucket (traversal, absolute paths, backslashes, a sibling bucket), to hide or confuse (control and bidi characters,
 * percent-encoding, leading dots, the embedded store's own folder), or to break limits (empty segments, over-long keys
 * and segments). Each comes with what it tries, which names the test that runs it.
 */
public final class HostileNames {
    /** A bucket beside the contract's bucket that traversal tries to reach. */
    public static final String SIBLING = "contract-other";

    private HostileNames() {
    }

    /** Keys no store may take as they are: rdw refuses them, and a store refuses them or keeps them in its bucket. */
    public static Stream<Arguments> keys() {
        return Stream.of(
                key("traversal into a sibling bucket", "../" + SIBLING + "/escaped.csv"),
                key("traversal through a folder", "p/../../" + SIBLING + "/escaped.csv"),
                key("traversal to the parent", ".."),
                key("current folder", "p/./x.csv"),
                key("absolute path", "/etc/passwd"),
                key("absolute path into a sibling bucket", "/" + SIBLING + "/escaped.csv"),
                key("drive letter", "C:/Windows/x.csv"),
                key("backslash traversal", "p\\..\\..\\escaped.csv"),
                key("NUL character", "p/x\u0000.csv"),
                key("newline", "p/x\n.csv"),
                key("carriage return", "p/x\r.csv"),
                key("terminal escape", "p/\u001b[31mx.csv"),
                key("right-to-left override", "p/\u202excs.exe"),
                key("right-to-left mark", "p/x\u200f.csv"),
                key("left-to-right isolate", "p/x\u2066.csv"),
                key("percent-encoded traversal", "p/%2e%2e/x.csv"),
                key("percent-encoded slash", "%2e%2e%2f" + SIBLING + "%2fescaped.csv"),
                key("percent-encoded NUL", "p/x%00.csv"),
                key("empty segment", "p//x.csv"),
                key("trailing slash", "p/x.csv/"),
                key("empty key", ""),
                key("blank key", " "),
                key("space in a segment", "p/ x.csv"),
                key("home folder", "~/x.csv"),
                key("non-ASCII letter", "p/\u00e9.csv"),
                key("full-width dot", "p/x\uff0ecsv"),
                key("query character", "p/x?y=1.csv"),
                key("fragment character", "p/x#y.csv"),
                key("wildcard", "p/*.csv"),
                key("colon (a Windows stream)", "p/x.csv:hidden"),
                key("over-long segment", "p/" + "a".repeat(Names.MAX_SEGMENT_LENGTH + 1)),
                key("over-long key", "abcdefghi/".repeat(Names.MAX_KEY_LENGTH / 10 + 1) + "x.csv"),
                key("hidden file", "p/.hidden.csv"),
                key("the embedded store's own folder", ".rdw/tmp/x.part"),
                key("a metadata sidecar's name", "p/.x.csv.rdw.json"));
    }

    /** Listing prefixes rdw refuses. */
    public static Stream<Arguments> prefixes() {
        return Stream.of(
                key("traversal", "../"),
                key("traversal after a folder", "p/../"),
                key("absolute", "/"),
                key("absolute folder", "/etc/"),
                key("backslash", "p\\"),
                key("empty segment", "p//"),
                key("percent-encoded traversal", "p/%2e%2e/"),
                key("right-to-left override", "\u202ep"),
                key("hidden folder", ".rdw/"));
    }

    /** Values for a project, an upload's name, a task or a student that rdw refuses. */
    public static Stream<Arguments> segments() {
        return Stream.of(
                key("traversal", "../../etc/cron"),
                key("parent", ".."),
                key("separator", "a/b"),
                key("backslash", "a\\b"),
                key("NUL character", "x\u0000y"),
                key("right-to-left override", "x\u202ey"),
                key("percent-encoding", "%2e%2e%2f"),
                key("dot", "x.y"),
                key("leading dot", ".x"),
                key("blank", " "),
                key("empty", ""),
                key("newline", "a\nb"),
                key("over-long", "p".repeat(256)));
    }

    /** Hostile bucket names: every store refuses them as S3 would. */
    public static Stream<Arguments> buckets() {
        return Stream.of(
                key("traversal", "../contract-bucket"),
                key("traversal after a bucket", "contract-bucket/../" + SIBLING),
                key("separator", "contract-bucket/x"),
                key("the embedded store's own folder", ".rdw"),
                key("upper case", "Contract-Bucket"),
                key("too short", "a"),
                key("empty", ""),
                key("NUL character", "contract-bucket\u0000"),
                key("right-to-left override", "contract\u202e-bucket"));
    }

    /**
     * A client over {@code store}, with the layer buckets and {@link #SIBLING} created, that records provenance in
     * {@code events}; closing it leaves the store open.
     */
    static WarehouseClient governedClient(ObjectStore store, MemoryProvenanceSink events) {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).set(RdwConfig.USER, "contract").build();
        for (Layer layer : Layer.values()) {
            store.createBucket(config.bucket(layer));
        }
        store.createBucket(SIBLING);
        return WarehouseClient.builder().config(config).objectStore(new UnclosedStore(store)).provenanceSink(events)
                .build();
    }

    /** Nothing in any layer, in {@link #SIBLING} or in {@code bucket}, and no provenance event. */
    static void assertNothingStored(ObjectStore store, String bucket, WarehouseClient dw, MemoryProvenanceSink events) {
        for (Layer layer : Layer.values()) {
            assertThat(dw.bucket(layer).list()).as("objects in %s", layer).isEmpty();
        }
        assertThat(store.list(SIBLING, "")).as("objects in the bucket beside the layers").isEmpty();
        assertThat(store.list(bucket, "")).isEmpty();
        assertThat(events.find(ProvenanceQuery.all())).as("provenance events").isEmpty();
    }

    private static Arguments key(String what, String value) {
        return Arguments.of(Named.of(what + " " + Names.printable(value), value));
    }

    /**
     * Runs {@code call} and checks that it was refused as rdw refuses a name: with an {@link InvalidInputException}
     * whose message names the value in {@linkplain Names#printable printable} form and says what is allowed
     * ({@code allowed}), in printable ASCII only (no control or bidi character reaches a terminal or a log).
     */
    public static void assertRefused(String what, ThrowingCallable call, String value, String allowed) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("%s with %s must be refused", what, Names.printable(value))
                .isInstanceOf(InvalidInputException.class);
        assertThat(t.getMessage()).as("message of %s", what)
                .contains(Names.printable(value)).contains(allowed);
        assertPrintable(what, t.getMessage());
    }

    /**
     * Runs a call of the store's SPI with a hostile name: refused (the message naming the name, in printable form), or
     * not found, or answered. Returns what was thrown, if anything.
     */
    public static Optional<Throwable> attempt(String what, ThrowingCallable call, String value) {
        Throwable t = catchThrowable(call);
        if (t == null) {
            return Optional.empty();
        }
        assertThat(t).as("%s with %s: a store refuses a name with InvalidInputException or ForbiddenException, or "
                        + "finds nothing (NotFoundException); it threw", what, Names.printable(value))
                .isInstanceOfAny(InvalidInputException.class, ForbiddenException.class, NotFoundException.class);
        if (!(t instanceof NotFoundException)) {
            assertThat(t.getMessage()).as("message of %s refusing a name", what).contains(Names.printable(value));
        }
        assertPrintable(what, t.getMessage());
        return Optional.of(t);
    }

    /** A message holds printable ASCII only. */
    public static void assertPrintable(String what, String message) {
        assertThat(message).as("message of %s", what).isNotBlank();
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            assertThat(c >= 0x20 && c < 0x7f).as("message of %s holds the character \\u%04x at %d: %s", what, (int) c, i,
                    Names.printable(message)).isTrue();
        }
    }
}
