package io.redback.rdw.stream;

import io.redback.rdw.stream.airflow.AirflowEmulator;
import io.redback.rdw.stream.kafka.TestBroker;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A Kafka broker and a stand-in Airflow (API v2, DAG {@code clean_rides} declared) in a process of their own, for
 * trying the {@code rdw} command against them: {@code .ci/run} does. Writes their settings as environment variable
 * lines to the file it is given, then runs until killed.
 */
public final class StandIns {
    private StandIns() {
    }

    public static void main(String[] args) throws Exception {
        Path env = Path.of(args[0]);
        KafkaClusterTestKit kafka = TestBroker.start(TestBroker.Nodes.COMBINED);
        AirflowEmulator airflow = new AirflowEmulator(Airflow.ApiVersion.V2);
        airflow.dag("clean_rides");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            airflow.close();
            try {
                kafka.close();
            } catch (Exception e) {
                // the process ends either way
            }
        }));
        String lines = "KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers() + "\n"
                + "AIRFLOW_URL=" + airflow.url() + "\n"
                + "AIRFLOW_USERNAME=" + airflow.username() + "\n"
                + "AIRFLOW_PASSWORD=" + airflow.password() + "\n";
        // whole or not at all: the caller waits for the file to appear
        Path part = Files.writeString(env.resolveSibling(env.getFileName() + ".part"), lines);
        Files.move(part, env, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("stand-ins ready: Kafka " + kafka.bootstrapServers() + ", Airflow " + airflow.url());
        Thread.sleep(Long.MAX_VALUE);
    }
}
