package io.redback.rdw.storage.s3;

import io.minio.MinioAsyncClient;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Upload;
import io.redback.rdw.InvalidInputException;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.RdwException;
import io.redback.rdw.helpers.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Multipart uploads that rdw started and no process will finish. An upload is aborted when it fails and when its store
 * closes, but a process that is killed mid-upload leaves its parts on the server: invisible, yet taking space, until
 * someone aborts the upload (or a lifecycle rule does). S3's listing of unfinished uploads gives each one's key, id and
 * when it was initiated, not the metadata rdw sent with it, so rdw's own are told by where and what they are: in one of
 * the warehouse's layer buckets, under a key rdw would write ({@link Names#key}), and initiated longer ago than
 * {@code rdw.s3.abandoned-after} (24 hours by default: longer than an upload of rdw's runs; raise it where one may take
 * longer). Those are aborted; an upload of this process is never touched.
 */
final class AbandonedUploads {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);

    private final MinioAsyncClient client;
    private final S3Calls calls;
    private final String region;
    private final Duration after;
    private final Clock clock;

    AbandonedUploads(MinioAsyncClient client, S3Calls calls, String region, Duration after, Clock clock) {
        this.client = client;
        this.calls = calls;
        this.region = region;
        this.after = after;
        this.clock = clock;
    }

    /**
     * Aborts the abandoned uploads in {@code buckets}, except those whose ids {@code ours} gives (this process's).
     * Each request is sent once, past the circuit breaker: this is housekeeping, and a server that does not answer is
     * tried again at the next start. Returns {@code bucket/key} of each upload aborted.
     */
    List<String> abort(List<String> buckets, Supplier<Set<String>> ours) {
        Instant cutoff = clock.instant().minus(after);
        List<String> aborted = new ArrayList<>();
        for (String bucket : buckets) {
            try {
                for (Upload upload : unfinished(bucket)) {
                    if (Thread.currentThread().isInterrupted()) {
                        return aborted;
                    }
                    if (isAbandoned(upload, cutoff) && !ours.get().contains(upload.uploadId())) {
                        calls.once("abort the abandoned upload of " + bucket + "/" + upload.objectName(),
                                () -> client.abortMultipartUploadAsync(bucket, region, upload.objectName(),
                                        upload.uploadId(), null, null));
                        aborted.add(bucket + "/" + upload.objectName());
                    }
                }
            } catch (NotFoundException e) {
                // no such bucket (yet): nothing was uploaded to it
            } catch (RdwException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return aborted; // the store closed meanwhile
                }
                LOG.info("could not look for abandoned uploads in {} (tried again at the next start): {}", bucket,
                        e.getMessage());
            }
        }
        if (!aborted.isEmpty()) {
            LOG.info("aborted {} upload(s) that rdw started more than {} ago and did not finish: {}", aborted.size(),
                    after, aborted);
        }
        return aborted;
    }

    /** Whether an unfinished upload is rdw's and older than the cutoff. */
    private static boolean isAbandoned(Upload upload, Instant cutoff) {
        if (upload.initiated() == null || !upload.initiated().toInstant().isBefore(cutoff)) {
            return false;
        }
        try {
            Names.key(upload.objectName());
            return true;
        } catch (InvalidInputException e) {
            return false; // a name rdw does not write: another tool's upload
        }
    }

    /** Every unfinished upload in a bucket, page after page. */
    private List<Upload> unfinished(String bucket) {
        List<Upload> all = new ArrayList<>();
        String keyMarker = null;
        String idMarker = null;
        while (true) {
            String k = keyMarker;
            String i = idMarker;
            ListMultipartUploadsResult page = calls.once("list the unfinished uploads in " + bucket,
                    () -> client.listMultipartUploadsAsync(bucket, region, null, null, k, 1000, null, i, null, null))
                    .result();
            all.addAll(page.uploads());
            if (!page.isTruncated() || page.nextKeyMarker() == null
                    || (page.nextKeyMarker().equals(k) && java.util.Objects.equals(page.nextUploadIdMarker(), i))) {
                return all;
            }
            keyMarker = page.nextKeyMarker();
            idMarker = page.nextUploadIdMarker();
        }
    }
}
