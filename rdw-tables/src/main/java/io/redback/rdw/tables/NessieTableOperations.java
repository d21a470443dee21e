package io.redback.rdw.tables;

import org.apache.iceberg.BaseMetastoreTableOperations;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.FileIO;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.Operation;
import org.projectnessie.model.Reference;

import java.util.Map;

/**
 * A table of the Nessie catalog: its current metadata file is the {@link IcebergTable} content at its key on the
 * catalog's branch. A commit puts the new metadata's location there on the condition that the branch is still at the
 * commit the table was read from; Nessie refuses it otherwise, and Iceberg makes the change again on the new version
 * when it still applies.
 */
final class NessieTableOperations extends BaseMetastoreTableOperations {
    private final NessieApiV2 api;
    private final ObjectStoreFileIO io;
    private final String branch;
    private final ContentKey key;
    private final String name;
    /** The branch's commit the current metadata was read at, and the content's id (null before the table exists). */
    private String readAtHash;
    private String contentId;

    NessieTableOperations(NessieApiV2 api, ObjectStoreFileIO io, String branch, ContentKey key, String name) {
        this.api = api;
        this.io = io;
        this.branch = branch;
        this.key = key;
        this.name = name;
    }

    @Override
    protected String tableName() {
        return name;
    }

    @Override
    public FileIO io() {
        return io;
    }

    @Override
    protected void doRefresh() {
        try {
            Reference ref = api.getReference().refName(branch).get();
            readAtHash = ref.getHash();
            Map<ContentKey, Content> found = api.getContent().reference(ref).key(key).get();
            Content content = found.get(key);
            if (content instanceof IcebergTable table) {
                contentId = table.getId();
                refreshFromMetadataLocation(table.getMetadataLocation());
            } else {
                contentId = null;
                disableRefresh();
            }
        } catch (NessieNotFoundException e) {
            throw new org.apache.iceberg.exceptions.NoSuchNamespaceException("Nessie has no branch %s", branch);
        }
    }

    @Override
    protected void doCommit(TableMetadata base, TableMetadata metadata) {
        String location = writeNewMetadataIfRequired(base == null, metadata);
        long snapshot = metadata.currentSnapshot() == null ? -1 : metadata.currentSnapshot().snapshotId();
        IcebergTable content = contentId == null
                ? IcebergTable.of(location, snapshot, metadata.currentSchemaId(), metadata.defaultSpecId(),
                metadata.defaultSortOrderId())
                : IcebergTable.of(location, snapshot, metadata.currentSchemaId(), metadata.defaultSpecId(),
                metadata.defaultSortOrderId(), contentId);
        try {
            Branch committed = api.commitMultipleOperations().branch(Branch.of(branch, readAtHash))
                    .commitMeta(CommitMeta.fromMessage("rdw: " + (base == null ? "create " : "commit to ") + name))
                    .operation(Operation.Put.of(key, content)).commit();
            readAtHash = committed.getHash();
        } catch (NessieConflictException e) {
            throw new CommitFailedException(e, "%s changed on Nessie's branch %s while this commit was made: %s", name,
                    branch, e.getMessage());
        } catch (NessieNotFoundException e) {
            throw new CommitFailedException(e, "Nessie has no branch %s", branch);
        }
    }
}
