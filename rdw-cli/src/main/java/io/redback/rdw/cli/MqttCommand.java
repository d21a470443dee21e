package io.redback.rdw.cli;

import io.redback.rdw.DatasetLocation;
import io.redback.rdw.NotFoundException;
import io.redback.rdw.WarehouseClient;
import io.redback.rdw.helpers.Units;
import io.redback.rdw.stream.Mqtt;
import io.redback.rdw.stream.MqttBatchInfo;
import io.redback.rdw.stream.MqttIngestOptions;
import io.redback.rdw.stream.MqttIngestion;
import io.redback.rdw.stream.MqttPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

@Command(name = "mqtt", header = "Ingest MQTT messages into bronze, and publish messages to the broker.",
        mixinStandardHelpOptions = true,
        description = {"The warehouse's MQTT broker (Mosquitto): MQTT_BROKER_URL (tcp://host:1883, ssl://host:8883) or",
                "MQTT_HOST and MQTT_PORT, with MQTT_USERNAME and MQTT_PASSWORD when it asks for a login (see 'rdw config')."},
        subcommands = {MqttCommand.Ingest.class, MqttCommand.Publish.class})
final class MqttCommand {
    @ParentCommand
    RdwCommand root;

    @Command(name = "ingest", header = "Store the messages of MQTT topics in bronze, in batches.",
            mixinStandardHelpOptions = true,
            description = {"Subscribes to --topic (wildcards + and # allowed) with QoS 1 in a session the broker keeps, and",
                    "stores the messages in batches, one bronze object a batch: PROJECT/YEAR/TASK/mqtt_FIRST_LAST.jsonl,",
                    "one JSON record a message (topic, received, qos, retain, payload, payload_base64, properties), or",
                    "with --format parquet .parquet, the same columns in every batch (payload and properties as text).",
                    "A batch is stored when it holds --max-messages or --max-bytes, or when its first message is",
                    "--max-interval old; only then are its messages acknowledged to the broker, so a crash loses nothing:",
                    "the broker sends them again and those already stored are not stored twice. A message larger than",
                    "--max-message is listed, with why, in the batch's rejects (_rdw/...rejects.jsonl) instead.",
                    "Prints one line a stored batch: the object, its messages, rejected and duplicates; then a summary.",
                    "Runs until interrupted (Ctrl-C: the batch in progress is stored first), --stop-after messages or",
                    "--idle time without one. The same --client-id (default: one made from the topic and the folder)",
                    "goes on where the last ingestion stopped; messages published meanwhile wait in its session."},
            footer = {"", "Examples:", "  rdw mqtt ingest --topic 'sensors/#' --project project1 --max-messages 1000",
                    "  rdw mqtt ingest --topic 'sensors/+/temperature' --project project1 --task t2_sensors --idle 5m",
                    "  rdw mqtt ingest --topic 'meters/#' --project project1 --task t3_meters --format parquet",
                    "  rdw query 'SELECT topic, payload FROM \"dw-bucket-bronze\".\"project1\".\"2026\".\"t0_mqtt\"'"})
    static final class Ingest implements Callable<Integer> {
        private static final long POLL_MILLIS = 200;

        @ParentCommand
        MqttCommand mqtt;
        @Spec
        CommandSpec spec;

        @Option(names = "--topic", required = true, paramLabel = "FILTER",
                description = "The topic filter to subscribe to, e.g. 'sensors/#' or 'sensors/+/temperature'.")
        String topic;
        @Option(names = "--project", required = true, description = "Project folder, e.g. project1.")
        String project;
        @Option(names = "--task", description = "Task folder, tN_name (default: t0_mqtt).")
        String task;
        @Option(names = "--student", description = "Student folder under the task.")
        String student;
        @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT",
                description = "How batches are written: jsonl (JSON Lines, a JSON payload kept as JSON) or parquet "
                        + "(default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--max-messages", paramLabel = "N",
                description = "Store a batch when it holds this many messages (default 1000, at most 65535).")
        Integer maxMessages;
        @Option(names = "--max-bytes", paramLabel = "SIZE",
                description = "Store a batch when its payloads reach this size, e.g. 16MB (default 64MB).")
        String maxBytes;
        @Option(names = "--max-interval", paramLabel = "DURATION",
                description = "Store a batch when its first message is this old, e.g. 30s (default 60s).")
        String maxInterval;
        @Option(names = "--max-message", paramLabel = "SIZE",
                description = "Reject a message larger than this, e.g. 256KB (default rdw.mqtt.max-message, 1MiB).")
        String maxMessage;
        @Option(names = "--client-id", paramLabel = "ID", description = "The client id the broker keeps the session under "
                + "(default rdw.mqtt.client-id, else one made from the topic and the folder); two "
                + "ingesters must not share one.")
        String clientId;
        @Option(names = "--to-kafka", paramLabel = "TOPIC", description = "Also send every stored message to this Kafka "
                + "topic (key: the MQTT topic), before the batch is acknowledged.")
        String kafkaTopic;
        @Option(names = "--stop-after", paramLabel = "N", description = "Stop once this many messages are stored.")
        Long stopAfter;
        @Option(names = "--idle", paramLabel = "DURATION", description = "Stop when no message came for this long (30s, 5m).")
        String idle;

        @Override
        public Integer call() {
            MqttIngestOptions.Format written = switch (format.toLowerCase(Locale.ROOT)) {
                case "jsonl" -> MqttIngestOptions.Format.JSONL;
                case "parquet" -> MqttIngestOptions.Format.PARQUET;
                default -> throw new ParameterException(spec.commandLine(), "--format " + format + " is not a format of "
                        + "MQTT batches: jsonl (JSON Lines, one record a message) or parquet");
            };
            if (stopAfter != null && stopAfter < 1) {
                throw new ParameterException(spec.commandLine(), "--stop-after needs at least 1 message, not " + stopAfter);
            }
            Duration quiet = idle == null ? null : Units.duration(idle);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String[] location = new String[1];
            Consumer<MqttIngestOptions> options = o -> {
                configure(o.format(written));
                o.onBatch(b -> {
                    synchronized (out) {
                        out.println(line(b));
                        out.flush();
                    }
                });
                DatasetLocation where = DatasetLocation.of(project).task(o.task());
                location[0] = (o.student() == null ? where : where.student(o.student())).prefix();
            };
            try (WarehouseClient dw = mqtt.root.client()) {
                MqttIngestion ingestion = Mqtt.ingest(dw, topic, project, options);
                err.println("ingesting " + topic + " into bronze:" + location[0] + " until Ctrl-C"
                        + (stopAfter == null ? "" : ", " + stopAfter + " messages stored") + (idle == null ? "" : ", "
                        + idle + " without a message"));
                err.flush();
                Thread stop = RdwCommand.stopOnInterrupt(Thread.currentThread());
                try {
                    await(ingestion, quiet);
                } catch (InterruptedException e) {
                    // Ctrl-C: closing stores the batch in progress and acknowledges it
                } finally {
                    try {
                        close(ingestion, out);
                    } finally {
                        RdwCommand.removeStop(stop);
                    }
                }
                RdwCommand.reportQueuedProvenance(dw, err);
            }
            return 0;
        }

        private void configure(MqttIngestOptions o) {
            if (task != null) {
                o.task(task);
            }
            o.student(student);
            if (clientId != null) {
                o.clientId(clientId);
            }
            if (maxMessages != null) {
                o.maxMessages(maxMessages);
            }
            if (maxBytes != null) {
                o.maxBytes(Units.bytes(maxBytes));
            }
            if (maxInterval != null) {
                o.maxInterval(Units.duration(maxInterval));
            }
            if (maxMessage != null) {
                o.maxMessage((int) Math.min(Integer.MAX_VALUE, Units.bytes(maxMessage)));
            }
            if (kafkaTopic != null) {
                o.toKafka(kafkaTopic);
            }
        }

        /** Returns at --stop-after, at --idle, or when the ingestion failed on its own; Ctrl-C interrupts it. */
        private void await(MqttIngestion ingestion, Duration quiet) throws InterruptedException {
            while (ingestion.failure().isEmpty()) {
                if (stopAfter != null) {
                    if (ingestion.awaitStored(stopAfter, Duration.ofMillis(POLL_MILLIS))) {
                        return;
                    }
                } else {
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
                if (quiet != null && ingestion.idle().compareTo(quiet) >= 0) {
                    return;
                }
            }
        }

        /** Stores the batch in progress, then prints the summary, also when the ingestion had failed. */
        private static void close(MqttIngestion ingestion, PrintWriter out) {
            try {
                ingestion.close();
            } finally {
                synchronized (out) {
                    out.println("stored " + ingestion.stored() + " message" + (ingestion.stored() == 1 ? "" : "s") + " in "
                            + ingestion.batches() + " batch" + (ingestion.batches() == 1 ? "" : "es") + ", "
                            + ingestion.rejected() + " rejected, " + ingestion.duplicates() + " duplicates");
                    out.flush();
                }
            }
        }

        /** One stored batch: its object (or its rejects' when it has no message), messages, rejected, duplicates. */
        static String line(MqttBatchInfo b) {
            String object = b.object() != null ? b.object().toString() : b.rejects() != null ? b.rejects().toString() : "-";
            String rejects = b.object() != null && b.rejects() != null ? " (listed in " + b.rejects() + ")" : "";
            return object + "  " + b.messages() + " message" + (b.messages() == 1 ? "" : "s") + "  " + b.rejected()
                    + " rejected" + rejects + "  " + b.duplicates() + " duplicates";
        }
    }

    @Command(name = "publish", header = "Publish messages to an MQTT topic.", mixinStandardHelpOptions = true,
            description = {"Publishes MESSAGE, the bytes of a file (--file) as one message, or each line of a file",
                    "(--lines; empty lines are skipped, as mosquitto_pub -l does) as one message each; - reads standard",
                    "input. Returns once the broker has every message (for QoS 1 and 2) and prints how many were published."},
            footer = {"", "Examples:", "  rdw mqtt publish sensors/t1 '{\"celsius\": 21.5}'",
                    "  rdw mqtt publish sensors/t1 --lines readings.jsonl --qos 1",
                    "  rdw mqtt publish cameras/c1 --file frame.jpg"})
    static final class Publish implements Callable<Integer> {
        @ParentCommand
        MqttCommand mqtt;
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to publish to (no wildcards).")
        String topic;
        @Parameters(index = "1", arity = "0..1", paramLabel = "MESSAGE", description = "The message, as UTF-8 text.")
        String message;
        @Option(names = "--file", paramLabel = "FILE", description = "Publish the bytes of this file as one message.")
        String file;
        @Option(names = "--lines", paramLabel = "FILE", description = "Publish each line of this file as one message.")
        String lines;
        @Option(names = "--qos", defaultValue = "1", paramLabel = "QOS", description = "0, 1 or 2 (default: ${DEFAULT-VALUE}).")
        int qos;

        @Override
        public Integer call() {
            int given = (message != null ? 1 : 0) + (file != null ? 1 : 0) + (lines != null ? 1 : 0);
            if (given != 1) {
                throw new ParameterException(spec.commandLine(), given == 0
                        ? "give the message: MESSAGE, --file FILE or --lines FILE"
                        : "give one of MESSAGE, --file FILE and --lines FILE, not several");
            }
            if (qos < 0 || qos > 2) {
                throw new ParameterException(spec.commandLine(), "--qos is 0, 1 or 2, not " + qos);
            }
            long published;
            try (InputStream in = open(file != null ? file : lines);
                 MqttPublisher publisher = Mqtt.publisher(mqtt.root.config())) {
                if (message != null) {
                    publisher.publish(topic, message.getBytes(StandardCharsets.UTF_8), qos);
                    published = 1;
                } else if (file != null) {
                    publisher.publish(topic, in.readAllBytes(), qos);
                    published = 1;
                } else {
                    published = eachLine(in, line -> publisher.send(topic, line, qos));
                    publisher.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + (file != null ? file : lines) + ": " + e.getMessage(), e);
            }
            spec.commandLine().getOut().println("published " + published + " message" + (published == 1 ? "" : "s")
                    + " to " + topic);
            return 0;
        }

        /** The file, standard input for {@code -} (left open), or nothing when the message is an argument. */
        private static InputStream open(String name) throws IOException {
            if (name == null) {
                return InputStream.nullInputStream();
            }
            if (name.equals("-")) {
                return new BufferedInputStream(System.in) {
                    @Override
                    public void close() {
                        // standard input is not this command's to close
                    }
                };
            }
            Path path = Path.of(name);
            if (!Files.isRegularFile(path)) {
                throw new NotFoundException("no such file: " + name);
            }
            return new BufferedInputStream(Files.newInputStream(path));
        }

        /** Hands each non-empty line to {@code sink}, without its line end ({@code \n} or {@code \r\n}), as its bytes. */
        static long eachLine(InputStream in, Consumer<byte[]> sink) throws IOException {
            long n = 0;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    if (length > 0) {
                        sink.accept(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
                        n++;
                    }
                    line.reset();
                    if (b < 0) {
                        return n;
                    }
                } else {
                    line.write(b);
                }
            }
        }
    }
}
