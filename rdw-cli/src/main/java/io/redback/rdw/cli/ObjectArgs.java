package io.redback.rdw.cli;

import io.redback.rdw.Bucket;
import io.redback.rdw.Layer;
import io.redback.rdw.ObjectRef;
import io.redback.rdw.WarehouseClient;
import picocli.CommandLine.Parameters;

/** The {@code LAYER KEY} pair that names one object, shared by the commands that take one. */
final class ObjectArgs {
    @Parameters(index = "0", paramLabel = "LAYER", description = "bronze, silver or gold.")
    String layer;
    @Parameters(index = "1", paramLabel = "KEY", description = "The object's key.")
    String key;

    Layer layer() {
        return Layer.parse(layer);
    }

    ObjectRef ref() {
        return new ObjectRef(layer(), key);
    }

    Bucket bucket(WarehouseClient dw) {
        return dw.bucket(layer());
    }
}
