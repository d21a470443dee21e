package io.redback.rdw.storage.s3;

import com.google.common.collect.ArrayListMultimap;
import com.google.common.collect.Multimap;
import io.redback.rdw.spi.PutRequest;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An object's metadata on its way to S3 (user metadata as {@code x-amz-meta-*} headers) and back. */
final class S3Metadata {
    private static final String META = "x-amz-meta-";
    private static final String CONTENT_TYPE = "content-type";

    private S3Metadata() {
    }

    /** Content type and user metadata as S3 headers; {@code If-None-Match: *} for a write that must not replace. */
    static Multimap<String, String> headers(PutRequest request, boolean createOnly) {
        Multimap<String, String> h = ArrayListMultimap.create();
        h.put("Content-Type", request.contentType());
        for (Map.Entry<String, String> e : request.metadata().entrySet()) {
            if (!e.getKey().equals(CONTENT_TYPE)) {
                h.put(META + e.getKey(), e.getValue());
            }
        }
        if (createOnly) {
            h.putAll(createOnly());
        }
        return h;
    }

    /** {@code If-None-Match: *}: the server itself refuses the write when the key exists, so racing writers cannot both win. */
    static Multimap<String, String> createOnly() {
        Multimap<String, String> h = ArrayListMultimap.create();
        h.put("If-None-Match", "*");
        return h;
    }

    /** rdw's metadata from what the server returns: user metadata without its prefix, and the content type. */
    static Map<String, String> metadata(Map<String, String> user, String contentType) {
        Map<String, String> m = new LinkedHashMap<>();
        if (user != null) {
            user.forEach((k, v) -> {
                String name = k.toLowerCase(Locale.ROOT);
                m.put(name.startsWith(META) ? name.substring(META.length()) : name, v);
            });
        }
        if (contentType != null) {
            m.put(CONTENT_TYPE, contentType);
        }
        return m;
    }
}
