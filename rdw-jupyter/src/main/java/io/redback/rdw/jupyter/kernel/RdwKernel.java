package io.redback.rdw.jupyter.kernel;

import io.redback.rdw.QueryResult;
import io.redback.rdw.Warehouse;
import io.redback.rdw.WarehouseClient;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Java kernel with rdw on its class path: cells run in JShell in this JVM, {@code %%sql} cells through rdw's
 * SELECT-only guard, errors in a few lines. Display extensions on the class path (rich tables, charts) are installed
 * through {@link java.util.ServiceLoader}, as IJava does.
 */
public final class RdwKernel extends BaseKernel {
    private static final Logger LOG = LoggerFactory.getLogger(RdwKernel.class);

    /** What every cell sees, as in {@code rdw jshell}, plus the notebook's {@code display(..)}. */
    static final List<String> IMPORTS = List.of("import io.redback.rdw.*;", "import io.redback.rdw.etl.*;",
            "import io.redback.rdw.etl.contracts.*;",
            "import java.util.*;", "import java.nio.file.*;",
            "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;");

    private final CompletableFuture<Cells> cells = new CompletableFuture<>();
    private volatile boolean interrupted;

    /** A kernel whose cells compile against {@code classPath}; JShell starts in the background at once. */
    public RdwKernel(String classPath) {
        super("rdw", WarehouseClient.version(), new LanguageInfo.Builder("java").version(Runtime.version().toString())
                        .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("text/x-java")
                        .build(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), true,
                new StringStyler.Builder().build());
        magicsRegistry.registerLineMagic("rdw", (kernel, args) -> RdwMagics.rdw(args));
        magicsRegistry.registerCellMagic("sql", (kernel, args, body) -> args.isEmpty() ? RdwMagics.sql(body) : RdwMagics.sqlRows(body));
        // compiling the imports loads javac: done while the notebook connects, not in the first cell
        Thread start = new Thread(() -> {
            long began = System.nanoTime();
            try {
                cells.complete(new Cells(classPath, IMPORTS));
                LOG.info("JShell ready in {} ms", (System.nanoTime() - began) / 1_000_000);
            } catch (Throwable t) {
                cells.completeExceptionally(t);
            }
        }, "rdw-jshell-start");
        start.setDaemon(true);
        start.start();
    }

    @Override
    public void onStartup() {
        super.onStartup();
        if (!rendersQueryResults()) {
            // no display extension renders results: a text table, never QueryResult's toString
            renderer.createRegistration(QueryResult.class).preferring(MIMEType.TEXT_PLAIN)
                    .register((result, context) -> context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> result.toText(20)));
        }
        LOG.info("rdw kernel started; extensions: {}", extensions.keySet());
    }

    /** Whether an installed extension renders a result: an empty one then shows as more than its toString. */
    private boolean rendersQueryResults() {
        QueryResult probe = new QueryResult(new RowsCursor(List.of(), List.of()));
        try {
            DisplayData shown = renderer.render(probe);
            return shown.hasDataForType(MIMEType.TEXT_HTML) || !String.valueOf(probe).equals(shown.getData(MIMEType.TEXT_PLAIN));
        } catch (RuntimeException e) {
            return true; // a renderer is there, it just does not like an empty result
        }
    }

    /** The loader whose extensions are installed: the one rdw runs in. */
    @Override
    protected ClassLoader getClassLoader() {
        return RdwKernel.class.getClassLoader();
    }

    @Override
    public Object evalRaw(String source) {
        Cells shell = cells();
        interrupted = false;
        try {
            Object value = shell.eval(MagicSource.toJava(source));
            if (interrupted) {
                throw interruptedError(null);
            }
            return value;
        } catch (RuntimeException e) {
            throw interrupted ? interruptedError(e) : e;
        }
    }

    private static CellException interruptedError(RuntimeException e) {
        List<String> lines = new ArrayList<>(List.of("Interrupted: the cell was stopped"));
        if (e instanceof CellException c) {
            lines.addAll(c.lines());
        }
        return new CellException(lines.get(0), lines);
    }

    /** An interrupt from the notebook: stops the running cell, its query included; the kernel keeps its state. */
    @Override
    public void interrupt() {
        interrupted = true;
        Cells shell = cells.getNow(null);
        if (shell != null) {
            shell.stop();
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException c) {
            return c.lines();
        }
        List<String> lines = new ArrayList<>();
        for (Throwable t = e; t != null && lines.size() < 10; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("");
            lines.add((t == e ? "" : "caused by ") + t.getClass().getSimpleName() + message);
        }
        return lines;
    }

    @Override
    public String isComplete(String code) {
        if (MagicSource.isCellMagic(code)) {
            return IS_COMPLETE_YES;
        }
        try {
            return cells().isComplete(MagicSource.toJava(code));
        } catch (RuntimeException e) {
            return IS_COMPLETE_MAYBE;
        }
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        if (MagicSource.isCellMagic(code)) {
            return null;
        }
        Cells.Completions c = cells().complete(code, at);
        return c.options().isEmpty() ? null : new ReplacementOptions(c.options(), c.from(), at);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        super.onShutdown(isRestarting);
        cells.thenAccept(Cells::close);
        Warehouse.reset();
    }

    private Cells cells() {
        try {
            return cells.join();
        } catch (CompletionException e) {
            throw new CellException("KernelError: JShell did not start: " + e.getCause());
        }
    }
}
