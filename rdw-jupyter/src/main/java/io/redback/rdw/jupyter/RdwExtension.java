package io.redback.rdw.jupyter;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * rdw's displays as a kernel extension: a JJava kernel with rdw's jar on its class path finds it through
 * {@link java.util.ServiceLoader} and shows rdw's results as tables and charts.
 */
public final class RdwExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        RdwDisplay.register(kernel.getRenderer());
    }
}
