package io.redback.rdw.storage;

import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.tck.ContentScannerContract;

import java.nio.charset.StandardCharsets;

/** The content scanner contract on the test scanner that refuses a marker (no real scanner is in this repository). */
class MarkerScannerContractTest extends ContentScannerContract {
    @Override
    protected ContentScanner createScanner() {
        return new TestProviders.Marker.Scanner();
    }

    @Override
    protected byte[] clean() {
        StringBuilder csv = new StringBuilder("id,device,speed\n");
        for (int i = 0; csv.length() < 200 * 1024; i++) {
            csv.append(i).append(",garmin-").append(i % 7).append(',').append(i % 40).append(".5\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] refused() {
        return ("id,note\n1," + TestProviders.Marker.MARKER + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected String finding() {
        return TestProviders.Marker.FINDING;
    }
}
