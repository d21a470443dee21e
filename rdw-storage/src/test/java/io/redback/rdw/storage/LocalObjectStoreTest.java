package io.redback.rdw.storage;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Health;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.helpers.TemporaryFiles;
import io.redback.rdw.tck.ObjectStoreContract;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreTest extends ObjectStoreContract {
    /** A process id that no process has (above Linux's largest). */
    private static final long NO_SUCH_PROCESS = 999_999_937L;

    @TempDir
    Path dir;

    @Override
    protected ObjectStore createStore() {
        return new LocalObjectStore(dir.resolve("warehouse"));
    }

    private Path root() {
        return ((LocalObjectStore) store).root();
    }

    /** Every file is an object or a sidecar in a bucket's folder; nothing beside the warehouse, nothing left in tmp. */
    @Override
    protected void assertNothingEscaped() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')))
                    .allMatch(p -> p.matches("warehouse/[a-z0-9][a-z0-9.-]+/.+"), "a file in a bucket's folder");
        }
    }

    @Test
    void keepsMetadataBesideTheObjectAndOutOfListings() throws Exception {
        put("p/a.csv", "x", false, Map.of("rdw-sha256", "00"));

        assertThat(root().resolve(BUCKET).resolve("p").resolve(".a.csv.rdw.json")).exists();
        assertThat(store.list(BUCKET, "")).extracting(StoredObject::key).containsExactly("p/a.csv");
    }

    @Test
    void neverFollowsALinkOutOfTheWarehouse() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(root().resolve(BUCKET).resolve("escape"), outside);

        assertThatThrownBy(() -> put("escape/x.csv", "x", false, Map.of()))
                .isInstanceOf(ForbiddenException.class);
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        assertThat(store.list(BUCKET, "")).isEmpty();
    }

    @Test
    void explainsAKeyThatCollidesWithAFolder() {
        put("p/a", "x", false, Map.of());
        put("q/b/c.csv", "x", false, Map.of());

        assertThatThrownBy(() -> put("p/a/b.csv", "y", false, Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("p/a is an object, not a folder");
        assertThatThrownBy(() -> put("q/b", "y", true, Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("folder of other objects");
    }

    @Test
    void removesTemporaryFilesLeftByACrashAtTheNextStart() throws Exception {
        Path tmp = root().resolve(".rdw").resolve("tmp");
        String place = TemporaryFiles.prefix("put").split("-")[2];
        Path ofAGoneProcess = Files.writeString(tmp.resolve("put-" + NO_SUCH_PROCESS + "-" + place + "-1.part"), "half");
        Path metaOfAGoneProcess = Files.writeString(tmp.resolve("meta-" + NO_SUCH_PROCESS + "-" + place + "-2.part"), "{}");
        Path ofThisLiveProcess = Files.writeString(TemporaryFiles.createFile(tmp, "put", ".part"), "a write in progress");
        Path unownedOld = Files.writeString(tmp.resolve("put-123.part"), "half an object, from an older rdw");
        Files.setLastModifiedTime(unownedOld, FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS)));
        Path unownedFresh = Files.writeString(tmp.resolve("put-456.part"), "a write in progress in an older rdw");

        new LocalObjectStore(root()).close();

        assertThat(ofAGoneProcess).doesNotExist();
        assertThat(metaOfAGoneProcess).doesNotExist();
        assertThat(unownedOld).doesNotExist();
        assertThat(ofThisLiveProcess).exists();
        assertThat(unownedFresh).exists();
        assertThat(store.list(BUCKET, "")).isEmpty();
    }

    @Test
    void prunesEmptyFoldersOnDelete() {
        put("p/2025/t1_x/a.csv", "x", false, Map.of());
        store.delete(BUCKET, "p/2025/t1_x/a.csv");

        assertThat(root().resolve(BUCKET).resolve("p")).doesNotExist();
        assertThat(root().resolve(BUCKET)).isDirectory();
    }

    @Test
    void refusesInvalidBucketNames() {
        assertThatThrownBy(() -> store.createBucket("../x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.stat(".rdw", "tmp")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void reportsDownNamingTheFolderAndTheSettingWhenTheFolderIsGone() throws Exception {
        Path root = root();
        deleteTree(root);

        Health h = store.health();
        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
        assertThat(h.message()).contains(root.toString()).contains("rdw.warehouse").contains("RDW_WAREHOUSE");
        assertThat(root).doesNotExist(); // the check does not quietly make a new, empty warehouse
    }

    @Test
    void reportsDownWhenNothingCanBeWrittenInTheFolder() throws Exception {
        Path tmp = root().resolve(".rdw").resolve("tmp");
        deleteTree(tmp);
        Files.writeString(tmp, "a file where rdw keeps its temporary files"); // fails as a read-only disk would

        Health h = store.health();
        assertThat(h.status()).isEqualTo(Health.Status.DOWN);
        assertThat(h.message()).contains("cannot write in the warehouse folder " + root())
                .contains("RDW_WAREHOUSE");
    }

    private static void deleteTree(Path top) throws Exception {
        try (Stream<Path> files = Files.walk(top)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
