package io.redback.rdw.tables;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ObjectStore;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.client.auth.BearerAuthenticationProvider;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The catalog of a layer: Nessie when {@code NESSIE_URI} is set, else the embedded catalog in the warehouse folder. */
final class Catalogs {
    /** One client per Nessie address: they are thread-safe, and a process talks to one Nessie. */
    private static final Map<String, NessieApiV2> CLIENTS = new ConcurrentHashMap<>();

    private Catalogs() {
    }

    static BaseMetastoreCatalog open(RdwConfig config, ObjectStore store, String bucket) {
        ObjectStoreFileIO io = new ObjectStoreFileIO(store);
        URI nessie = NessieSettings.uri(config).orElse(null);
        if (nessie == null) {
            return new FolderCatalog(bucket, config.warehouse().resolve(".rdw").resolve("tables").resolve(bucket), io);
        }
        return new NessieTableCatalog(client(config, nessie), NessieSettings.ref(config), bucket, io);
    }

    /** Whether a table is there, asked cheaply: the embedded catalog looks for its pointer file. */
    static boolean exists(BaseMetastoreCatalog catalog, TableIdentifier id) {
        return catalog instanceof FolderCatalog folder ? folder.exists(id) : catalog.tableExists(id);
    }

    /** Makes what a new table needs in its catalog (Nessie's namespaces). */
    static void prepare(BaseMetastoreCatalog catalog, TableIdentifier id) {
        if (catalog instanceof NessieTableCatalog nessie) {
            nessie.prepare(id);
        }
    }

    private static NessieApiV2 client(RdwConfig config, URI uri) {
        String token = NessieSettings.token(config).map(io.redback.rdw.Secret::reveal).orElse("");
        return CLIENTS.computeIfAbsent(uri + " " + Integer.toHexString(token.hashCode()), k -> {
            NessieClientBuilder b = NessieClientBuilder.createClientBuilderFromSystemSettings().withUri(uri);
            if (!token.isEmpty()) {
                b = b.withAuthentication(BearerAuthenticationProvider.create(token));
            }
            return b.build(NessieApiV2.class);
        });
    }
}
