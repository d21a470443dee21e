package io.redback.rdw.stream;

import java.util.Map;

/**
 * One request as a worker receives it.
 *
 * @param topic         the topic it came on
 * @param correlationId the id its reply carries back
 * @param replyTopic    where the reply goes
 * @param payload       the request itself
 * @param headers       every header of the record, as UTF-8 text
 */
public record JobRequest(String topic, String correlationId, String replyTopic, String payload, Map<String, String> headers) {
    public JobRequest {
        headers = Map.copyOf(headers);
    }
}
