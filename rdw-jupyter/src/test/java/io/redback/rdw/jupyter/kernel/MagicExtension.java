package io.redback.rdw.jupyter.kernel;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** An extension the kernel finds through ServiceLoader, as it finds the display extensions: it adds a line magic. */
public class MagicExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        kernel.getMagicsRegistry().registerLineMagic("hello", (k, args) -> "hello from an extension, " + String.join(" ", args));
    }
}
