package io.redback.rdw.stream.kafka;

import io.redback.rdw.BackendUnavailableException;
import io.redback.rdw.InvalidInputException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the jobs' topics that are missing (with the brokers' default partitions and replicas), once per topic. */
final class JobTopics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobTopics.class);

    private final KafkaSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private Admin admin;

    JobTopics(KafkaSettings settings) {
        this.settings = settings;
    }

    /** A topic name Kafka accepts, or an {@link InvalidInputException} that says why not. */
    static String check(String topic) {
        if (!legal(topic)) {
            throw new InvalidInputException("a topic is 1 to 249 letters, digits, '.', '_' and '-', not " + topic);
        }
        return topic;
    }

    static boolean legal(String topic) {
        return topic != null && topic.matches("[A-Za-z0-9._-]{1,249}") && !topic.equals(".") && !topic.equals("..");
    }

    /** Makes sure the topic exists, creating it if it does not. */
    void ensure(String topic) {
        if (known.contains(topic)) {
            return;
        }
        synchronized (this) {
            if (known.contains(topic)) {
                return;
            }
            if (admin == null) {
                Properties p = settings.adminProperties();
                p.put("client.id", "rdw-jobs-admin");
                admin = Admin.create(p);
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                        .get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created the topic {} on {}", topic, settings.bootstrapServers());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof TopicAuthorizationException || cause instanceof ClusterAuthorizationException) {
                    LOG.info("may not create the topic {} on {} ({}): counting on it to exist", topic,
                            settings.bootstrapServers(), cause.getMessage());
                } else if (!(cause instanceof TopicExistsException)) {
                    throw new BackendUnavailableException("cannot create the topic " + topic + " on "
                            + settings.bootstrapServers() + ": " + cause + "; check KAFKA_BOOTSTRAP_SERVERS", cause);
                }
            } catch (TimeoutException e) {
                throw new BackendUnavailableException("no broker at " + settings.bootstrapServers() + " answered within "
                        + settings.timeout() + " to create the topic " + topic + "; check KAFKA_BOOTSTRAP_SERVERS", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendUnavailableException("interrupted while creating the topic " + topic, e);
            }
            known.add(topic);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
