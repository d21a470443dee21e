package io.redback.rdw.jupyter.kernel;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts the rdw kernel on a Jupyter connection file: {@code java -cp <rdw> io.redback.rdw.jupyter.kernel.KernelMain
 * {connection_file}}, as {@code rdw kernel install} writes it into kernel.json. Opens no warehouse: the first cell
 * that uses {@code Warehouse.*} does.
 */
public final class KernelMain {
    static {
        // while a cell runs, System.err is the cell's output: the kernel's own log must not land in the notebook
        if (System.getProperty("org.slf4j.simpleLogger.cacheOutputStream") == null) {
            System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(KernelMain.class);

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter passes {connection_file})");
            System.exit(2);
        }
        long start = System.nanoTime();
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(properties);
        RdwKernel kernel = new RdwKernel(KernelClassPath.of(System.getProperty("java.class.path", "")));
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        LOG.info("rdw kernel connected in {} ms ({})", (System.nanoTime() - start) / 1_000_000, args[0]);
        connection.waitUntilClose();
        LOG.info("rdw kernel stopped");
        System.exit(0); // a cell's leftover threads must not keep the kernel alive
    }
}
