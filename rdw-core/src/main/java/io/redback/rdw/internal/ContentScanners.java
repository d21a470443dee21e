package io.redback.rdw.internal;

import io.redback.rdw.ObjectRef;
import io.redback.rdw.spi.ContentScanner;

import java.util.ArrayList;
import java.util.List;

/** Several content scanners as one: each sees every byte; the first that refuses stops the write. */
public final class ContentScanners implements ContentScanner {
    private final List<ContentScanner> scanners;

    public ContentScanners(List<ContentScanner> scanners) {
        this.scanners = List.copyOf(scanners);
    }

    @Override
    public Scan begin(ObjectRef target) {
        List<Scan> scans = new ArrayList<>();
        for (ContentScanner s : scanners) {
            scans.add(s.begin(target));
        }
        return new Scan() {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                for (Scan s : scans) {
                    s.update(bytes, offset, length);
                }
            }

            @Override
            public void finish() {
                for (Scan s : scans) {
                    s.finish();
                }
            }

            @Override
            public java.util.Optional<String> skipped() {
                return scans.stream().map(Scan::skipped).flatMap(java.util.Optional::stream).findFirst();
            }
        };
    }

    @Override
    public String describe() {
        return String.join(", ", scanners.stream().map(ContentScanner::describe).toList());
    }

    @Override
    public void close() {
        scanners.forEach(ContentScanner::close);
    }
}
