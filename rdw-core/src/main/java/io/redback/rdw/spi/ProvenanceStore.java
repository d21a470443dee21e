package io.redback.rdw.spi;

import io.redback.rdw.ProvenanceEvent;
import io.redback.rdw.ProvenanceQuery;

import java.util.List;

/**
 * A provenance sink that can also be searched (the embedded log, PostgreSQL); {@code rdw provenance} reads the first
 * configured sink that is one.
 *
 * <p>Every implementation runs {@code io.redback.rdw.tck.ProvenanceSinkContract} from rdw-tck, searches included.
 */
public interface ProvenanceStore extends ProvenanceSink {

    /** Events matching the query, newest first. */
    List<ProvenanceEvent> find(ProvenanceQuery query);
}
