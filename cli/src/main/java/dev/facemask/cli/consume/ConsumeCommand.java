package dev.facemask.cli.consume;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.job.options.JobOptions;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.MalformedRecordException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector consume}: prints committed detections and dead letters, as text or JSON lines. */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = "Print detections and dead letters from Kafka (read_committed), as lines or JSON lines.")
public final class ConsumeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = {"-t", "--topic"}, defaultValue = JobOptions.DEFAULT_DETECTIONS_TOPIC, description = "Detections topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dead-letter-topic", defaultValue = JobOptions.DEFAULT_DEAD_LETTER_TOPIC,
            description = "Dead-letter topic, printed too (default: ${DEFAULT-VALUE}); 'none' to skip.")
    String deadLetterTopic;

    @Option(names = "--frames-topic", defaultValue = JobOptions.DEFAULT_FRAMES_TOPIC, description = "Frames topic, read for --render (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--json", description = "Print one JSON object per line.")
    boolean json;

    @Option(names = {"-f", "--follow"}, description = "Keep waiting for new records until Ctrl-C.")
    boolean follow;

    @Option(names = "--idle-timeout", defaultValue = "10s", description = "Without --follow, stop after this long without records (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--expect", paramLabel = "N", description = "Exit 0 only if exactly N records (detections + dead letters) arrive, each frame once; 1 otherwise.")
    Long expect;

    @Option(names = "--expect-dead-letters", paramLabel = "M",
            description = "With --expect: exactly M of them must be dead letters (0 when every frame is valid).")
    Long expectDeadLetters;

    @Option(names = "--render", paramLabel = "DIR", description = "Draw boxes and Grad-CAM heatmaps on the frames (read from --frames-topic) into DIR.")
    Path renderDir;

    @Option(names = "--group", description = "Consumer group id (default: a fresh one, reading from the beginning).")
    String group;

    @Override
    public Integer call() throws Exception {
        if (expectDeadLetters != null && (expect == null || expectDeadLetters > expect)) {
            throw ExitException.usage("--expect-dead-letters needs --expect, and at most as many");
        }
        kafka.secretsWarning().ifPresent(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        AvroWire<Detection> detections = AvroWire.of(Detection.getClassSchema());
        AvroWire<DeadLetter> letters = AvroWire.of(DeadLetter.getClassSchema());
        List<String> topics = "none".equals(deadLetterTopic) ? List.of(topic) : List.of(topic, deadLetterTopic);
        FrameRenderer renderer = renderDir == null ? null : new FrameRenderer(kafka, framesTopic, renderDir);
        ResultTally tally = new ResultTally();
        try (DetectionReader reader = new DetectionReader(kafka.toProperties(), topics, group)) {
            Duration quiet = follow ? Duration.ofDays(365) : idleTimeout;
            for (ConsumerRecord<String, byte[]> rec : reader.until(quiet)) {
                try {
                    if (rec.topic().equals(topic)) {
                        Detection d = detections.decode(rec.value());
                        tally.add(d);
                        out.println(json ? RecordJson.toJson(d) : RecordFormatter.line(d));
                        if (renderer != null) {
                            renderer.render(d);
                        }
                    } else {
                        DeadLetter l = letters.decode(rec.value());
                        tally.add(l, rec.key());
                        out.println(json ? RecordJson.toJson(l) : RecordFormatter.line(l));
                    }
                } catch (MalformedRecordException e) {
                    out.println("unreadable record at " + rec.topic() + "/" + rec.partition() + "@" + rec.offset() + ": " + e.getMessage());
                    continue;
                }
                out.flush();
            }
        } finally {
            if (renderer != null) {
                renderer.close();
            }
        }
        return verdict(tally);
    }

    private int verdict(ResultTally tally) {
        if (expect == null) {
            return 0;
        }
        tally.check(expect, expectDeadLetters).ifPresent(problem -> {
            throw ExitException.failure(problem);
        });
        spec.commandLine().getErr().println("OK: exactly " + expect + " records (" + tally.detections() + " detections, "
                + tally.deadLetters() + " dead letters), no duplicates");
        return 0;
    }
}
