package io.redback.rdw.admin.restic;

import io.redback.rdw.Bucket;
import io.redback.rdw.Layer;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.ObjectInfo;
import io.redback.rdw.RdwConfig;
import io.redback.rdw.RdwException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.admin.Backups.RestoreReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a restored embedded warehouse through rdw's own API: the restored folder is opened as a warehouse (nothing
 * else is reached, whatever the environment configures), and every object of every layer is hashed and compared with
 * the SHA-256 its metadata recorded when rdw wrote it.
 */
final class RestoreVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreVerifier.class);

    private RestoreVerifier() {
    }

    static RestoreReport verify(String snapshotId, Path dir) {
        if (!Files.isDirectory(dir.resolve(".rdw"))) {
            return new RestoreReport(snapshotId, dir, 0, List.of(), 0, "the snapshot is not of an embedded warehouse "
                    + "(no .rdw folder at its top), so its files were restored without verification");
        }
        int verified = 0;
        int unverified = 0;
        List<String> mismatched = new ArrayList<>();
        try (WarehouseClient dw = WarehouseClient.builder().warehouse(dir).set(RdwConfig.WAREHOUSE_CREATE, "false")
                .eventSource("rdw:backup").build()) {
            for (Layer layer : Layer.values()) {
                Bucket bucket = dw.bucket(layer);
                List<ObjectInfo> objects;
                try {
                    objects = bucket.list();
                } catch (NotFoundException noBucket) {
                    continue;
                }
                for (ObjectInfo o : objects) {
                    if (o.sha256().isEmpty()) {
                        unverified++;
                        continue;
                    }
                    String actual = sha256(bucket, o.key());
                    if (actual.equalsIgnoreCase(o.sha256().get())) {
                        verified++;
                    } else {
                        mismatched.add(layer.id() + ":" + o.key());
                        LOG.warn("restored {}:{} has SHA-256 {} but {} was recorded when it was written", layer.id(),
                                o.key(), actual, o.sha256().get());
                    }
                }
            }
        }
        return new RestoreReport(snapshotId, dir, verified, mismatched, unverified, "");
    }

    private static String sha256(Bucket bucket, String key) {
        try (InputStream in = bucket.open(key)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new RdwException("cannot read the restored object " + bucket.name() + "/" + key + ": "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
