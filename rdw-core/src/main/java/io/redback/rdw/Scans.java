package io.redback.rdw;

import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.spi.ObjectStore;
import io.redback.rdw.spi.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scans files and stored objects on demand with the configured content scanners, each streamed once. Reports only:
 * nothing is stored, moved or deleted, and no provenance is recorded.
 */
final class Scans {
    private final RdwConfig config;
    private final ObjectStore store;
    private final ContentScanner scanner;

    Scans(RdwConfig config, ObjectStore store, ContentScanner scanner) {
        if (scanner == null) {
            throw new ConfigurationException("no content scanner is configured, so nothing can be scanned: set"
                    + " CLAMD_HOST (or CLAMD_SOCKET) to a ClamAV daemon with the module rdw-admin installed, or"
                    + " rdw.scan to the name of an installed scanner");
        }
        this.config = config;
        this.store = store;
        this.scanner = scanner;
    }

    ScanReport file(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("no file " + file);
        }
        ObjectRef target = new ObjectRef(Layer.BRONZE, nameOf(file));
        try (InputStream in = Files.newInputStream(file)) {
            return scan(file.toString(), target, in);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("no file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    ScanReport object(ObjectRef ref) {
        Objects.requireNonNull(ref, "object");
        try (InputStream in = store.open(config.bucket(ref.layer()), ref.key())) {
            return scan(ref.toString(), ref, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }

    List<ScanReport> under(Layer layer, String prefix) {
        Objects.requireNonNull(layer, "layer");
        List<ScanReport> reports = new ArrayList<>();
        for (StoredObject o : store.list(config.bucket(layer), prefix == null ? "" : prefix)) {
            reports.add(object(new ObjectRef(layer, o.key())));
        }
        return reports;
    }

    private ScanReport scan(String label, ObjectRef target, InputStream in) throws IOException {
        ContentScanner.Scan scan = scanner.begin(target);
        byte[] buffer = new byte[64 * 1024];
        try { // a scanner may refuse while reading (too large) or at the end
            for (int n; (n = in.read(buffer)) > 0; ) {
                scan.update(buffer, 0, n);
            }
            scan.finish();
        } catch (ContentRejectedException e) {
            return e.signature().map(s -> new ScanReport(label, ScanReport.Outcome.INFECTED, s))
                    .orElseGet(() -> new ScanReport(label, ScanReport.Outcome.SKIPPED, e.getMessage()));
        } catch (ForbiddenException e) {
            return new ScanReport(label, ScanReport.Outcome.INFECTED, e.getMessage());
        }
        return scan.skipped().map(why -> new ScanReport(label, ScanReport.Outcome.SKIPPED, why))
                .orElseGet(() -> new ScanReport(label, ScanReport.Outcome.CLEAN, ""));
    }

    /** A key-safe name for a file's scan target (scanners only show it). */
    private static String nameOf(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "file" : name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "file" + s : s;
    }
}
