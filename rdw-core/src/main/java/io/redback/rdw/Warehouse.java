package io.redback.rdw;

import java.util.List;
import java.util.Map;

/**
 * The static entry point for scripts, JShell and notebooks: a default {@link WarehouseClient} opened on first use
 * from the process's configuration ({@link RdwConfig#load()}), embedded unless endpoints are configured.
 *
 * <pre>{@code
 * ObjectInfo raw = Warehouse.bucket("bronze").upload(Path.of("rides.csv"), "project1");
 * Warehouse.query("SELECT count(*) FROM \"dw-bucket-bronze\".\"project1\".\"2025\".\"" + ... + "\"").show();
 * }</pre>
 *
 * Applications should build their own {@link WarehouseClient} instead and pass it around.
 */
public final class Warehouse {
    private static WarehouseClient client;
    private static boolean hookInstalled;

    private Warehouse() {
    }

    /** The default client, opened on first use. */
    public static synchronized WarehouseClient client() {
        if (client == null) {
            client = WarehouseClient.open();
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(Warehouse::reset, "rdw-shutdown"));
                hookInstalled = true;
            }
        }
        return client;
    }

    /** Makes {@code newDefault} the default client (closing the previous one). */
    public static synchronized void use(WarehouseClient newDefault) {
        reset();
        client = newDefault;
    }

    /** Closes the default client; the next call opens a fresh one from the configuration. */
    public static synchronized void reset() {
        if (client != null) {
            WarehouseClient c = client;
            client = null;
            c.close();
        }
    }

    /** A layer's bucket: {@code "bronze"}, {@code "silver"}, {@code "gold"} or a bucket name. */
    public static Bucket bucket(String layerOrBucket) {
        return client().bucket(layerOrBucket);
    }

    public static Bucket bucket(Layer layer) {
        return client().bucket(layer);
    }

    /** Runs a read-only query; see {@link WarehouseClient#query(String)}. */
    public static QueryResult query(String sql) {
        return client().query(sql);
    }

    /** Checks a statement with the SELECT-only guard without running it. */
    public static QueryCheck check(String sql) {
        return client().check(sql);
    }

    /**
     * A project's JSON documents (MongoDB when {@code MONGO_URI} is configured, else the embedded warehouse):
     * {@code Warehouse.documents("project1").insert("{\"title\": \"Rides\", \"content\": \"...\"}")}.
     */
    public static Documents documents(String project) {
        return client().documents(project);
    }

    /** Provenance events, newest first. */
    public static List<ProvenanceEvent> provenance(ProvenanceQuery query) {
        return client().provenance(query);
    }

    /** Where an object came from and what was made from it: {@code Warehouse.lineage(ObjectRef.parse("silver:..."))}. */
    public static LineageTree lineage(ObjectRef ref) {
        return client().lineage(ref);
    }

    /** Where the default client's data, queries and provenance go. */
    public static Map<String, String> describe() {
        return client().describe();
    }
}
