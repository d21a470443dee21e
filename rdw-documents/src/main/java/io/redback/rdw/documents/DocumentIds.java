package io.redback.rdw.documents;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * New document ids in MongoDB's ObjectId layout, as 24 lower-case hex digits: 4 bytes of seconds since 1970, 5 random
 * bytes fixed per process, a 3-byte counter. They sort by creation time, so documents come back in insertion order
 * when no sort is given, and MongoDB stores them as real ObjectIds (as documents written by other tools have).
 */
final class DocumentIds {
    private static final byte[] PROCESS = new byte[5];
    private static final AtomicInteger COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        random.nextBytes(PROCESS);
        // a low random start leaves room for millions of ids before the counter wraps (and the order with it)
        COUNTER = new AtomicInteger(random.nextInt(1 << 20));
    }

    private DocumentIds() {
    }

    static String next() {
        long seconds = System.currentTimeMillis() / 1000;
        int count = COUNTER.getAndIncrement() & 0xFFFFFF;
        byte[] b = new byte[12];
        b[0] = (byte) (seconds >>> 24);
        b[1] = (byte) (seconds >>> 16);
        b[2] = (byte) (seconds >>> 8);
        b[3] = (byte) seconds;
        System.arraycopy(PROCESS, 0, b, 4, 5);
        b[9] = (byte) (count >>> 16);
        b[10] = (byte) (count >>> 8);
        b[11] = (byte) count;
        return HexFormat.of().formatHex(b);
    }
}
