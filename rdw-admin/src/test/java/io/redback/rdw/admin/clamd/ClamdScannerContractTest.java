package io.redback.rdw.admin.clamd;

import io.redback.rdw.RdwConfig;
import io.redback.rdw.spi.ContentScanner;
import io.redback.rdw.tck.ContentScannerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** clamd, over TCP, as every content scanner must behave. */
class ClamdScannerContractTest extends ContentScannerContract {
    @TempDir
    static Path clamdFolder;
    private static TestClamd clamd;

    @BeforeAll
    static void startClamd() throws Exception {
        clamd = TestClamd.start(clamdFolder, "25M");
    }

    @AfterAll
    static void stopClamd() throws Exception {
        if (clamd != null) {
            clamd.close();
        }
    }

    @Override
    protected ContentScanner createScanner() {
        RdwConfig config = RdwConfig.builder().noFile().environment(clamd.tcpEnvironment())
                .systemProperties(new Properties()).providers(List.of(new ClamdProvider())).build();
        return new ClamdProvider().open(config);
    }

    @Override
    protected byte[] clean() {
        return "id;name;amount\n1;clean;42\n".repeat(8000).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected byte[] refused() {
        return TestClamd.eicar();
    }

    @Override
    protected String finding() {
        return TestClamd.FOUND;
    }

    static Map<String, String> environment() {
        return clamd.tcpEnvironment();
    }
}
