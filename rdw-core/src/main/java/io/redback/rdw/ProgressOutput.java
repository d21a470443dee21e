package io.redback.rdw;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes written through it and tells a listener every mebibyte and at the end. */
final class ProgressOutput extends FilterOutputStream {
    private final ProgressListener listener;
    private final long total;
    private long done;
    private long told;

    ProgressOutput(OutputStream out, ProgressListener listener, long total) {
        super(out);
        this.listener = listener;
        this.total = total;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        done += len;
        if (done - told >= (1 << 20) || done == total) {
            told = done;
            listener.update(new Progress(done, total, Progress.Unit.BYTES));
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }
}
