package io.redback.rdw.stream.kafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real KRaft Kafka in this JVM (Kafka's own test kit), set up for one broker. Published in rdw-stream's test jar. */
public final class TestBroker {
    /** How the broker and its controller run. */
    public enum Nodes {
        /** One process role for both: the quickest to start. */
        COMBINED,
        /** A broker apart from its controller, so that the broker alone can be stopped and started again. */
        SEPARATE
    }

    private TestBroker() {
    }

    /** Formats and starts one broker (and its controller), and waits until it is ready. */
    public static KafkaClusterTestKit start(Nodes nodes) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(nodes == Nodes.COMBINED).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                // one broker: the internal topics cannot have three replicas
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                // a new group is joined at once rather than after the default 3 s
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }
}
