package io.redback.rdw.tables;

import io.redback.rdw.AlreadyExistsException;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versioned tables on the embedded store: branches, tags, merge, time travel, rollback, racing commits. */
class VersionedTableTest {
    @TempDir
    Path dir;
    private WarehouseClient dw;

    @BeforeEach
    void open() {
        dw = WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir.resolve("wh"))
                .set("rdw.embedded.memory-limit", "256MB").set("rdw.embedded.threads", "1").build()).build();
    }

    @AfterEach
    void close() {
        dw.close();
    }

    /** A Parquet file of rides with the ids given. */
    private Path rides(int... ids) {
        StringBuilder values = new StringBuilder();
        for (int id : ids) {
            values.append(values.length() == 0 ? "" : ", ").append("(").append(id).append(", 'd").append(id % 3)
                    .append("', ").append(id * 1.5).append(")");
        }
        Path file = dir.resolve("rides-" + System.nanoTime() + ".parquet");
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("test data", dir)) {
            ws.copy("SELECT CAST(id AS BIGINT) AS id, device, CAST(speed AS DOUBLE) AS speed FROM (VALUES " + values
                    + ") AS v(id, device, speed)", file, FileFormat.PARQUET);
        }
        return file;
    }

    private static List<Long> ids(QueryResult r) {
        try (r) {
            return r.stream().map(row -> row.getLong("id")).sorted().toList();
        }
    }

    @Test
    void branchMergeTagOverwriteRollbackAndTimeTravel() throws Exception {
        VersionedTable main = Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(1, 2, 3));
        assertThat(main.schema()).extracting(c -> c.name() + " " + c.type())
                .containsExactly("id BIGINT", "device VARCHAR", "speed DOUBLE");
        long first = main.history().get(0).id();
        assertThat(main.files(TableVersion.current())).singleElement().asString()
                .startsWith("s3://dw-bucket-silver/project1/rides/data/").endsWith(".parquet");

        VersionedTable dev = main.createBranch("dev");
        TableSnapshot appended = dev.append(rides(4, 5));
        assertThat(appended.addedRows()).isEqualTo(2);
        assertThat(appended.totalRows()).isEqualTo(5);
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L);
        assertThat(ids(dev.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(main.read(TableVersion.ref("dev")))).hasSize(5);

        main.merge("dev");
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L, 5L);
        main.createTag("v1");
        Instant beforeOverwrite = Instant.now();
        Thread.sleep(5);
        main.overwrite(rides(99));
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(99L);
        assertThat(ids(main.read(TableVersion.ref("v1")))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(main.read(TableVersion.snapshot(first)))).containsExactly(1L, 2L, 3L);
        assertThat(ids(main.read(TableVersion.at(beforeOverwrite)))).hasSize(5);

        long v1 = Long.parseLong(main.refs().get("v1").substring("tag ".length()));
        main.rollback(v1);
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(main.refs()).containsKeys("main", "dev", "v1");
        assertThat(main.history()).extracting(TableSnapshot::id).startsWith(v1).endsWith(first);

        // another handle on the same table, after all that, sees the same
        VersionedTable again = Tables.on(dw).load(Layer.SILVER, "project1.rides");
        assertThat(ids(again.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(Tables.on(dw).list(Layer.SILVER, "project1")).containsExactly("project1.rides");

        List<ProvenanceEvent> commits = dw.provenance(ProvenanceQuery.all().eventType(ProvenanceEvent.TABLE_COMMITTED));
        assertThat(commits).extracting(e -> String.valueOf(e.customMetadata().get("operation")))
                .contains("create", "append", "branch dev", "merge dev", "tag v1", "overwrite", "rollback to " + v1);
        assertThat(commits).allSatisfy(e -> {
            assertThat(e.bucketName()).isEqualTo("dw-bucket-silver");
            assertThat(e.objectKey()).isEqualTo("project1/rides/");
            assertThat(e.layer()).isEqualTo(Layer.SILVER);
        });
    }

    @Test
    void queriesReadATableAtItsVersions() {
        VersionedTable main = Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(1, 2, 3));
        long first = main.history().get(0).id();
        main.createBranch("dev").append(rides(4, 5));
        main.createTag("v0");
        main.overwrite(rides(9));
        String rides = "\"dw-bucket-silver\".\"project1\".\"rides\"";
        // the folder holds every file the table ever had; a query reads the current version's only
        assertThat(ids(dw.query("SELECT id FROM " + rides))).containsExactly(9L);
        assertThat(ids(dw.query("SELECT id FROM " + rides + " AT BRANCH dev"))).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids(dw.query("SELECT r.id FROM " + rides + " AT TAG \"v0\" AS r WHERE r.id > 1"))).containsExactly(2L, 3L);
        assertThat(ids(dw.query("SELECT id FROM " + rides + " AT SNAPSHOT '" + first + "'"))).containsExactly(1L, 2L, 3L);
        assertThat(ids(dw.query("SELECT a.id FROM " + rides + " AT BRANCH dev a JOIN " + rides + " b ON a.id = b.id + 5")))
                .as("two versions of one table in one query").isEmpty();
        assertThatThrownBy(() -> dw.query("SELECT id FROM " + rides + " AT BRANCH nope").close())
                .isInstanceOf(NotFoundException.class).hasMessageContaining("has no branch nope; it has");
        assertThatThrownBy(() -> dw.query("SELECT id FROM " + rides + " AT COMMIT abc").close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("AT COMMIT names a Nessie commit");
        assertThatThrownBy(() -> dw.query("SELECT * FROM \"dw-bucket-silver\".\"project1\".\"rides\".\"data\" AT BRANCH dev").close())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("reads a versioned table");
        assertThat(main.sql(TableVersion.ref("dev"))).startsWith(rides + " AT SNAPSHOT '");
    }

    @Test
    void aBranchMergedAfterMainMovedIsMadeAgainOnMainOrRefused() {
        VersionedTable main = Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(1));
        VersionedTable feature = main.createBranch("feature");
        feature.append(rides(2));
        feature.append(rides(4));
        main.append(rides(3));
        // appends still apply on main's new head: both are made again there, in one commit
        TableSnapshot merged = main.merge("feature");
        assertThat(merged.totalRows()).isEqualTo(4);
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(main.history()).hasSize(4);

        // an overwrite on the branch does not apply to rows main changed since: refused, nothing changes
        VersionedTable rework = main.createBranch("rework");
        rework.overwrite(rides(7));
        main.append(rides(5));
        long head = main.history().get(0).id();
        assertThatThrownBy(() -> main.merge("rework")).isInstanceOf(TableConflictException.class)
                .hasMessageStartingWith("cannot merge rework into project1.rides: ")
                .hasMessageEndingWith("nothing was committed");
        assertThat(main.history().get(0).id()).isEqualTo(head);
        assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L, 5L);
        // into a branch other than main, a merge is a fast-forward only
        assertThatThrownBy(() -> rework.merge("main")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is a fast-forward");
    }

    @Test
    void twoWritersAppendingAtOnceBothLand() throws Exception {
        Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(0));
        Path a = rides(1, 2);
        Path b = rides(3);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<TableSnapshot> one = () -> {
                VersionedTable t = Tables.on(dw).load(Layer.SILVER, "project1.rides");
                start.await();
                return t.append(a);
            };
            Callable<TableSnapshot> two = () -> {
                VersionedTable t = Tables.on(dw).load(Layer.SILVER, "project1.rides");
                start.await();
                return t.append(b);
            };
            Future<TableSnapshot> f1 = pool.submit(one);
            Future<TableSnapshot> f2 = pool.submit(two);
            f1.get();
            f2.get();
        } finally {
            pool.shutdownNow();
        }
        VersionedTable t = Tables.on(dw).load(Layer.SILVER, "project1.rides");
        assertThat(ids(t.read(TableVersion.current()))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(t.history()).hasSize(3);
    }

    @Test
    void twoWritersMakingTheSameBranchAtOnceOneWinsTheOtherIsToldWhy() throws Exception {
        Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(0));
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<String> make = () -> {
                VersionedTable t = Tables.on(dw).load(Layer.SILVER, "project1.rides");
                start.await();
                try {
                    t.createBranch("dev");
                    return "made";
                } catch (AlreadyExistsException | TableConflictException e) {
                    // which one depends on when the loser read the table: before the winner's commit, or after
                    return e.getMessage();
                }
            };
            Future<String> a = pool.submit(make);
            Future<String> b = pool.submit(make);
            assertThat(List.of(a.get(), b.get())).containsOnlyOnce("made")
                    .anySatisfy(m -> assertThat(m).startsWith("cannot branch project1.rides: "));
        } finally {
            pool.shutdownNow();
        }
        assertThat(Tables.on(dw).load(Layer.SILVER, "project1.rides").refs()).containsOnlyKeys("main", "dev");
    }

    @Test
    void wrongColumnsUnknownTablesAndNamesAreRefused() throws Exception {
        VersionedTable main = Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(1));
        Path other = dir.resolve("other.parquet");
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("other", dir)) {
            ws.copy("SELECT 1 AS x", other, FileFormat.PARQUET);
        }
        assertThatThrownBy(() -> main.append(other)).isInstanceOf(InvalidInputException.class)
                .hasMessage("other.parquet has the columns [x]; table project1.rides has [id, device, speed]");
        assertThat(main.history()).hasSize(1);
        assertThatThrownBy(() -> Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(2)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> Tables.on(dw).load(Layer.SILVER, "project1.nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> Tables.on(dw).load(Layer.SILVER, "../etc.passwd")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Tables.on(dw).load(Layer.SILVER, "rides")).hasMessageContaining("project.table");
        assertThatThrownBy(() -> main.read(TableVersion.ref("nope"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> main.rollback(42)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> main.deleteBranch("main")).hasMessage("main cannot be deleted");
        main.createBranch("dev");
        assertThatThrownBy(() -> main.createBranch("dev")).isInstanceOf(AlreadyExistsException.class)
                .hasMessageStartingWith("cannot branch project1.rides: ").hasMessageContaining("dev");
        assertThatThrownBy(() -> main.deleteTag("v9")).isInstanceOf(NotFoundException.class)
                .hasMessageStartingWith("cannot delete a tag of project1.rides: ");
        assertThat(Files.exists(dir.resolve("wh/dw-bucket-silver/project1/rides/metadata"))).isTrue();
    }
}
