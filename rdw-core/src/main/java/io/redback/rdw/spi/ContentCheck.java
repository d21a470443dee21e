package io.redback.rdw.spi;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Reads a store's content stream while computing its SHA-256 and counting its bytes, so a store can verify what it
 * read against the {@link PutRequest} before it makes the object visible.
 */
public final class ContentCheck extends java.io.FilterInputStream {
    private final MessageDigest digest;
    private final PutRequest request;
    private long count;
    private long reported;

    public ContentCheck(InputStream in, PutRequest request) {
        super(in);
        this.request = request;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("skipping would leave bytes unchecked");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void advance(int n) {
        count += n;
        if (count - reported >= (1 << 20) || count == request.size()) {
            reported = count;
            request.progress().update(new io.redback.rdw.Progress(count, request.size(), io.redback.rdw.Progress.Unit.BYTES));
        }
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /**
     * Checks that exactly the announced bytes were read.
     *
     * @throws io.redback.rdw.InvalidInputException if the size or the SHA-256 differs
     */
    public void verify(String what) {
        if (count != request.size()) {
            throw new io.redback.rdw.InvalidInputException(what + ": the content has " + count + " bytes, "
                    + request.size() + " were announced; it changed while it was being stored, nothing was stored");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(request.sha256())) {
            throw new io.redback.rdw.InvalidInputException(what + ": the content's SHA-256 is " + actual + ", not "
                    + request.sha256() + "; it changed while it was being stored, nothing was stored");
        }
    }
}
