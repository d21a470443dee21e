package io.redback.rdw.query.embedded;

import io.redback.rdw.CatalogEntry;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.WarehouseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedCatalogTest {
    @TempDir
    Path dir;

    @Test
    void listsBucketsFoldersAndFilesAsDremioShowsASource() {
        RdwConfig config = RdwConfig.builder().noFile().environment(Map.of()).warehouse(dir).build();
        try (WarehouseClient dw = WarehouseClient.builder().config(config).build()) {
            dw.bucket(Layer.SILVER).put("p1/2025/a.parquet", new ByteArrayInputStream(new byte[]{1}), o -> { });
            dw.bucket(Layer.SILVER).put("p1/2025/t1_x/b.parquet", new ByteArrayInputStream(new byte[]{1}), o -> { });
            dw.bucket(Layer.SILVER).put("p2/c.csv", new ByteArrayInputStream(new byte[]{1}), o -> { });

            assertThat(dw.catalog()).extracting(CatalogEntry::name)
                    .containsExactly("dw-bucket-bronze", "dw-bucket-silver", "dw-bucket-gold");
            assertThat(dw.catalog("dw-bucket-silver")).extracting(CatalogEntry::toString)
                    .containsExactly("FOLDER \"dw-bucket-silver\".\"p1\"", "FOLDER \"dw-bucket-silver\".\"p2\"");
            assertThat(dw.catalog("dw-bucket-silver", "p1", "2025")).extracting(e -> e.type() + " " + e.name())
                    .containsExactly("FOLDER t1_x", "FILE a.parquet");
            assertThatThrownBy(() -> dw.catalog("dw-bucket-silver", "nope")).isInstanceOf(NotFoundException.class);
        }
    }
}
