package io.redback.rdw.tck;

import io.redback.rdw.Layer;
import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;
import io.redback.rdw.spi.ProvenanceStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@link ProvenanceStore} must do beyond any sink: find events by filter, newest first, with a limit. Its
 * {@code createSink()} returns a store.
 */
public abstract class ProvenanceStoreContract extends ProvenanceSinkContract {

    @Test
    void filtersAndLimitsNewestFirst() {
        Instant t0 = Instant.parse("2025-01-01T00:00:00Z");
        ProvenanceEvent a = event(Layer.BRONZE, "p1/2025/a.csv", ProvenanceEvent.FILE_UPLOADED, t0);
        ProvenanceEvent b = event(Layer.BRONZE, "p2/2025/b.csv", ProvenanceEvent.FILE_UPLOADED, t0.plus(1, ChronoUnit.HOURS));
        ProvenanceEvent c = event(Layer.SILVER, "p1/2025/a_processed.parquet", ProvenanceEvent.OBJECT_DERIVED,
                t0.plus(2, ChronoUnit.HOURS));
        sink.record(a);
        sink.record(b);
        sink.record(c);
        ProvenanceStore store = (ProvenanceStore) sink;

        assertThat(store.find(ProvenanceQuery.all())).containsExactly(c, b, a);
        assertThat(store.find(ProvenanceQuery.all().layer(Layer.BRONZE))).containsExactly(b, a);
        assertThat(store.find(ProvenanceQuery.all().keyPrefix("p1/"))).containsExactly(c, a);
        assertThat(store.find(ProvenanceQuery.all().eventType(ProvenanceEvent.OBJECT_DERIVED))).containsExactly(c);
        assertThat(store.find(ProvenanceQuery.all().since(t0.plus(30, ChronoUnit.MINUTES)))).containsExactly(c, b);
        assertThat(store.find(ProvenanceQuery.all().limit(2))).containsExactly(c, b);
        assertThat(store.find(ProvenanceQuery.all().keyPrefix("nothing/"))).isEmpty();
        assertThat(store.find(ProvenanceQuery.all().keyPrefix("p_/"))).as("a prefix is text, not a pattern").isEmpty();
        assertThat(store.find(ProvenanceQuery.all().until(t0.plus(90, ChronoUnit.MINUTES)))).containsExactly(b, a);
        assertThat(store.find(ProvenanceQuery.all().user("alice"))).containsExactly(c, b, a);
        assertThat(store.find(ProvenanceQuery.all().user("bob"))).isEmpty();
        assertThat(store.find(ProvenanceQuery.all().derivedFrom(new io.redback.rdw.ObjectRef(Layer.BRONZE, "p/2025/src.csv"))))
                .as("the objects computed from a source").containsExactly(c);
    }
}
