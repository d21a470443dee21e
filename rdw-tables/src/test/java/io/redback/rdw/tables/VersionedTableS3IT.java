package io.redback.rdw.tables;

import io.redback.rdw.ForbiddenException;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.spi.FileFormat;
import io.redback.rdw.spi.SqlWorkspace;
import io.redback.rdw.storage.s3.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same table operations with the table's files on an S3 server (S3Proxy): Iceberg reads its metadata through streams. */
class VersionedTableS3IT {
    @TempDir
    Path dir;

    private Path rides(WarehouseClient dw, String values) {
        Path file = dir.resolve("rides-" + System.nanoTime() + ".parquet");
        try (SqlWorkspace ws = dw.context().sqlRuntime().workspace("test data", dir)) {
            ws.copy("SELECT CAST(id AS BIGINT) AS id, speed FROM (VALUES " + values + ") AS v(id, speed)", file,
                    FileFormat.PARQUET);
        }
        return file;
    }

    @Test
    void aTableOnS3BranchesTravelsAndRollsBack() throws Exception {
        try (S3Server s3 = new S3Server(dir.resolve("s3"));
             WarehouseClient dw = WarehouseClient.builder().config(RdwConfig.builder().noFile().environment(Map.of())
                     .warehouse(dir.resolve("local")).set("rdw.s3.endpoint", s3.endpoint())
                     .set("rdw.s3.access-key", S3Server.ACCESS_KEY).set("rdw.s3.secret-key", S3Server.SECRET_KEY)
                     .set("rdw.embedded.memory-limit", "256MB").build()).build()) {
            dw.createBuckets();
            assertThat(dw.context().objectStore().describe()).startsWith("s3:");
            VersionedTable main = Tables.on(dw).create(Layer.GOLD, "project1.rides", rides(dw, "(1, 1.5), (2, 3.0)"));
            long first = main.history().get(0).id();
            VersionedTable dev = main.createBranch("dev");
            assertThat(dev.append(rides(dw, "(3, 4.5)")).totalRows()).isEqualTo(3);
            assertThat(main.files(TableVersion.current())).hasSize(1);
            assertThat(dev.files(TableVersion.current())).hasSize(2);
            main.merge("dev");
            main.createTag("v1");
            assertThat(main.rollback(first).totalRows()).isEqualTo(2);
            assertThat(main.files(TableVersion.current())).hasSize(1);
            assertThat(main.files(TableVersion.ref("v1"))).hasSize(2);
            // rows of objects on S3 are read by Dremio; the embedded engine says so, and what to configure
            assertThatThrownBy(() -> main.read(TableVersion.current())).isInstanceOf(ForbiddenException.class)
                    .hasMessageContaining("configure Dremio");

            // the table's files are objects of the gold bucket: two data files, manifests and metadata
            List<ObjectInfo> objects = dw.bucket(Layer.GOLD).list("project1/rides/");
            assertThat(objects).extracting(ObjectInfo::key).filteredOn(k -> k.startsWith("project1/rides/data/")).hasSize(2);
            assertThat(objects).extracting(ObjectInfo::key).anyMatch(k -> k.matches("project1/rides/metadata/.*\\.metadata\\.json"))
                    .anyMatch(k -> k.endsWith(".avro"));
            // a second client, as another process would be, reads the same versions
            VersionedTable again = Tables.on(dw).load(Layer.GOLD, "project1.rides");
            assertThat(again.refs()).containsKeys("main", "dev", "v1");
        }
    }
}
