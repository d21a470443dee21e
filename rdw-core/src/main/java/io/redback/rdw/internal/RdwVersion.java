package io.redback.rdw.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of rdw, from the properties file the build writes. */
public final class RdwVersion {
    public static final String VALUE = read();

    private RdwVersion() {
    }

    private static String read() {
        try (InputStream in = RdwVersion.class.getResourceAsStream("/io/redback/rdw/rdw.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
