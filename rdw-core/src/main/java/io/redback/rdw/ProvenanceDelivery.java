package io.redback.rdw;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where one remote provenance sink stands: what waits for it in the outbox on this machine, what was just delivered,
 * and what it refused for good. {@code rdw provenance status} and {@code rdw provenance flush} print these.
 *
 * @param sink           the sink's name ({@code postgres}, {@code logstash})
 * @param target         where it delivers, without credentials; "not configured now" for a sink that still has
 *                       events queued from an earlier configuration
 * @param queued         events waiting for it
 * @param oldestQueued   when the oldest of them was queued, or {@code null} when none waits
 * @param delivered      events this client has delivered to it since it opened, in the background and by flushes
 * @param deadLettered   events it refused for good, kept in {@code deadLetterFile} with the reason
 * @param deadLetterFile where refused events are kept
 * @param problem        why the last delivery stopped, or {@code null} if it did not
 */
public record ProvenanceDelivery(String sink, String target, long queued, Instant oldestQueued, long delivered,
                                 long deadLettered, String deadLetterFile, String problem) {

    /** How long the oldest queued event has waited, if one waits. */
    public Optional<Duration> oldestAge(Instant now) {
        return oldestQueued == null ? Optional.empty() : Optional.of(Duration.between(oldestQueued, now));
    }
}
