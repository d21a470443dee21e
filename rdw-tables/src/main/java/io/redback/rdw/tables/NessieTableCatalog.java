package io.redback.rdw.tables;

import io.redback.rdw.helpers.Names;
import org.apache.iceberg.BaseMetastoreCatalog;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNamespaceAlreadyExistsException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.Operation;

import java.util.List;

/**
 * The shared warehouse's catalog on Nessie: a table of a layer is the Iceberg content at {@code <bucket>.<project>.<table>}
 * on the configured branch; its files are objects of the layer's bucket, as in the embedded catalog. Every commit is a
 * Nessie commit, so Nessie's log records who changed which table when.
 */
final class NessieTableCatalog extends BaseMetastoreCatalog {
    private final NessieApiV2 api;
    private final String branch;
    private final String bucket;
    private final ObjectStoreFileIO io;

    NessieTableCatalog(NessieApiV2 api, String branch, String bucket, ObjectStoreFileIO io) {
        this.api = api;
        this.branch = branch;
        this.bucket = bucket;
        this.io = io;
    }

    @Override
    public String name() {
        return "nessie:" + bucket;
    }

    @Override
    protected TableOperations newTableOps(TableIdentifier id) {
        return new NessieTableOperations(api, io, branch, key(id), bucket + "." + id);
    }

    @Override
    protected String defaultWarehouseLocation(TableIdentifier id) {
        return ObjectStoreFileIO.location(bucket, project(id) + "/" + table(id));
    }

    /** Makes the namespaces a table's key needs ({@code bucket} and {@code bucket.project}), where Nessie lacks them. */
    void prepare(TableIdentifier id) {
        for (org.projectnessie.model.Namespace ns : List.of(org.projectnessie.model.Namespace.of(bucket),
                org.projectnessie.model.Namespace.of(bucket, project(id)))) {
            try {
                api.createNamespace().refName(branch).namespace(ns).create();
            } catch (NessieNamespaceAlreadyExistsException e) {
                // made by an earlier table, or another writer just now
            } catch (NessieNotFoundException | NessieConflictException e) {
                throw new io.redback.rdw.BackendUnavailableException("Nessie cannot make the namespace " + ns + " on "
                        + branch + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<TableIdentifier> listTables(Namespace namespace) {
        String project = Names.simple("project", namespace.level(0), 64);
        try {
            return api.getEntries().refName(branch).stream()
                    .filter(e -> e.getType() == Content.Type.ICEBERG_TABLE)
                    .map(e -> e.getName().getElements())
                    .filter(k -> k.size() == 3 && k.get(0).equals(bucket) && k.get(1).equals(project))
                    .map(k -> TableIdentifier.of(namespace, k.get(2))).sorted(java.util.Comparator.comparing(Object::toString))
                    .toList();
        } catch (NessieNotFoundException e) {
            throw new io.redback.rdw.NotFoundException("Nessie has no branch " + branch);
        }
    }

    /** The branch's head commit: Nessie answers, and the branch is there. */
    String head() {
        try {
            return api.getReference().refName(branch).get().getHash();
        } catch (NessieNotFoundException e) {
            throw new io.redback.rdw.NotFoundException("Nessie has no branch " + branch);
        }
    }

    @Override
    public boolean dropTable(TableIdentifier id, boolean purge) {
        try {
            Branch head = (Branch) api.getReference().refName(branch).get();
            if (!api.getContent().reference(head).key(key(id)).get().containsKey(key(id))) {
                return false;
            }
            if (purge) {
                org.apache.iceberg.CatalogUtil.dropTableData(io, newTableOps(id).current());
            }
            api.commitMultipleOperations().branch(head).commitMeta(CommitMeta.fromMessage("rdw: drop " + id))
                    .operation(Operation.Delete.of(key(id))).commit();
            return true;
        } catch (NessieNotFoundException | NessieConflictException e) {
            throw new io.redback.rdw.BackendUnavailableException("cannot drop " + id + " on Nessie: " + e.getMessage(), e);
        }
    }

    @Override
    public void renameTable(TableIdentifier from, TableIdentifier to) {
        throw new UnsupportedOperationException("a table's files live under its name; create a new table instead");
    }

    private ContentKey key(TableIdentifier id) {
        return ContentKey.of(bucket, project(id), table(id));
    }

    private static String project(TableIdentifier id) {
        return Names.simple("project", id.namespace().level(0), 64);
    }

    private static String table(TableIdentifier id) {
        return Names.simple("table", id.name(), 64);
    }
}
