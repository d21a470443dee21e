package io.redback.rdw.cli;

import java.io.PrintWriter;
import java.util.Locale;
import io.redback.rdw.Progress;
import io.redback.rdw.ProgressListener;

/** A one-line progress display on a terminal: bar, bytes done of total, throughput. */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter out, long total) {
        this.out = out;
        this.total = total;
    }

    /** A display for a terminal, or one that shows nothing when output is not a terminal or the work is small. */
    static ProgressListener forTerminal(PrintWriter err, long total) {
        return System.console() != null && total >= (8L << 20) ? new ProgressBar(err, total) : ProgressListener.NONE;
    }

    @Override
    public void update(Progress progress) {
        accept(progress.done());
    }

    void accept(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max((now - started) / 1e9, 1e-3);
        int filled = (int) (WIDTH * done / Math.max(total, 1));
        out.print(String.format(Locale.ROOT, "\r[%s%s] %3d%%  %s / %s  %s/s ", "#".repeat(filled), ".".repeat(WIDTH - filled),
                100 * done / Math.max(total, 1), size(done), size(total), size((long) (done / seconds))));
        if (done >= total) {
            out.println();
        }
        out.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
