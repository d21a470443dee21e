package io.redback.rdw.jupyter;

import io.redback.rdw.Warehouse;
import io.redback.rdw.jupyter.kernel.RdwMagics;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * rdw in any JJava kernel with rdw's jar on its class path, found through {@link java.util.ServiceLoader}: rdw's
 * results shown as tables and charts, and the {@code %%sql} and {@code %rdw} magics, so that a notebook written for the
 * rdw kernel runs there too (the rdw kernel runs these magics itself, on the cell's thread).
 */
public final class RdwExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        RdwDisplay.register(kernel.getRenderer());
        registerMagics(kernel.getMagicsRegistry());
    }

    static void registerMagics(MagicsRegistry magics) {
        magics.registerCellMagic("sql", (kernel, args, body) -> {
            if (!args.isEmpty()) {
                // binding a variable takes the rdw kernel's JShell; elsewhere a Java line does it
                throw new IllegalArgumentException("%%sql " + String.join(" ", args) + ": only the rdw kernel binds "
                        + "-o variables; here write: var rows = Warehouse.query(\"...\").toList();");
            }
            return Warehouse.query(body.strip());
        });
        magics.registerLineMagic("rdw", (kernel, args) -> RdwMagics.rdw(args));
    }
}
