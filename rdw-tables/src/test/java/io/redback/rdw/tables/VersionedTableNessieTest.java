package io.redback.rdw.tables;

import io.redback.rdw.Layer;
import io.redback.rdw.QueryResult;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.client.ext.NessieClientUri;
import org.projectnessie.jaxrs.ext.NessieJaxRsExtension;
import org.projectnessie.model.Content;
import org.projectnessie.model.ContentKey;
import org.projectnessie.model.IcebergTable;
import org.projectnessie.model.LogResponse;
import org.projectnessie.versioned.storage.common.persist.Persist;
import org.projectnessie.versioned.storage.inmemorytests.InmemoryBackendTestFactory;
import org.projectnessie.versioned.storage.testextension.NessieBackend;
import org.projectnessie.versioned.storage.testextension.NessiePersist;
import org.projectnessie.versioned.storage.testextension.PersistExtension;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.projectnessie.jaxrs.ext.NessieJaxRsExtension.jaxRsExtension;

/**
 * The same tables with Nessie as the catalog: a real Nessie server in this JVM (its JAX-RS test extension on an
 * in-memory store), spoken to over its REST API v2 with Nessie's client.
 */
@ExtendWith(PersistExtension.class)
@NessieBackend(InmemoryBackendTestFactory.class)
class VersionedTableNessieTest {
    @NessiePersist
    static Persist persist;

    @RegisterExtension
    static NessieJaxRsExtension server = jaxRsExtension(() -> persist);

    @TempDir
    Path dir;

    private WarehouseClient open(URI nessie, Path warehouse) {
        return WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of()).warehouse(warehouse)
                .set("rdw.nessie.uri", nessie.toString()).set("rdw.embedded.memory-limit", "256MB").build()).build();
    }

    private Path rides(WarehouseClient dw, String values) {
        Path file = dir.resolve("rides-" + System.nanoTime() + ".parquet");
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("test data", dir)) {
            ws.copy("SELECT CAST(id AS BIGINT) AS id, speed FROM (VALUES " + values + ") AS v(id, speed)", file,
                    FileFormat.PARQUET);
        }
        return file;
    }

    private static List<Long> ids(QueryResult r) {
        try (r) {
            return r.stream().map(row -> row.getLong("id")).sorted().toList();
        }
    }

    @Test
    void tablesOnNessieBranchMergeTagRollBackAndAreQueried(@NessieClientUri URI uri) throws Exception {
        try (WarehouseClient dw = open(uri, dir.resolve("wh"));
             NessieApiV2 nessie = NessieClientBuilder.createClientBuilderFromSystemSettings().withUri(uri)
                     .build(NessieApiV2.class)) {
            VersionedTable main = Tables.on(dw).create(Layer.SILVER, "project1.rides", rides(dw, "(1, 1.0), (2, 2.0)"));
            long first = main.history().get(0).id();
            VersionedTable dev = main.createBranch("dev");
            dev.append(rides(dw, "(3, 3.0)"));
            main.append(rides(dw, "(4, 4.0)"));
            main.merge("dev");
            main.createTag("v1");
            assertThat(ids(main.read(TableVersion.current()))).containsExactly(1L, 2L, 3L, 4L);
            main.rollback(first);
            assertThat(ids(dw.query("SELECT id FROM \"dw-bucket-silver\".\"project1\".\"rides\""))).containsExactly(1L, 2L);
            assertThat(ids(dw.query("SELECT id FROM \"dw-bucket-silver\".\"project1\".\"rides\" AT TAG v1")))
                    .containsExactly(1L, 2L, 3L, 4L);

            // Nessie holds the table: its content names a metadata file in the silver bucket, and its log each commit
            ContentKey key = ContentKey.of("dw-bucket-silver", "project1", "rides");
            Content content = nessie.getContent().refName("main").key(key).get().get(key);
            assertThat(content).isInstanceOf(IcebergTable.class);
            String metadata = ((IcebergTable) content).getMetadataLocation();
            assertThat(metadata).startsWith("s3://dw-bucket-silver/project1/rides/metadata/");
            assertThat(Files.exists(dir.resolve("wh/dw-bucket-silver").resolve(metadata.substring(
                    "s3://dw-bucket-silver/".length())))).isTrue();
            LogResponse log = nessie.getCommitLog().refName("main").get();
            assertThat(log.getLogEntries()).extracting(e -> e.getCommitMeta().getMessage())
                    .contains("rdw: create dw-bucket-silver.project1.rides");
            assertThat(log.getLogEntries().size()).isGreaterThanOrEqualTo(8);
            // nothing of the embedded catalog is used
            assertThat(dir.resolve("wh/.rdw/tables")).doesNotExist();

            // another client of the same Nessie, as another machine would be, sees the same table
            try (WarehouseClient other = open(uri, dir.resolve("wh"))) {
                assertThat(Tables.on(other).list(Layer.SILVER, "project1")).containsExactly("project1.rides");
                assertThat(Tables.on(other).load(Layer.SILVER, "project1.rides").refs()).containsKeys("main", "dev", "v1");
            }
            assertThat(new NessieProvider().health(dw.config())).singleElement()
                    .satisfies(h -> assertThat(h.usable()).as(h.toString()).isTrue());
        }
    }

    @Test
    void twoWritersOnNessieBothLand(@NessieClientUri URI uri) throws Exception {
        try (WarehouseClient dw = open(uri, dir.resolve("wh"))) {
            Tables.on(dw).create(Layer.GOLD, "project2.rides", rides(dw, "(0, 0.0)"));
            Path a = rides(dw, "(1, 1.0)");
            Path b = rides(dw, "(2, 2.0)");
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<TableSnapshot> one = pool.submit(() -> {
                    VersionedTable t = Tables.on(dw).load(Layer.GOLD, "project2.rides");
                    start.await();
                    return t.append(a);
                });
                Future<TableSnapshot> two = pool.submit(() -> {
                    VersionedTable t = Tables.on(dw).load(Layer.GOLD, "project2.rides");
                    start.await();
                    return t.append(b);
                });
                one.get();
                two.get();
            } finally {
                pool.shutdownNow();
            }
            VersionedTable t = Tables.on(dw).load(Layer.GOLD, "project2.rides");
            assertThat(ids(t.read(TableVersion.current()))).containsExactly(0L, 1L, 2L);
            assertThat(t.history()).hasSize(3);
        }
    }
}
