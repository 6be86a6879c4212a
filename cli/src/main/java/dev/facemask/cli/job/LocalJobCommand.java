package dev.facemask.cli.job;

import dev.facemask.runtime.embedded.EmbeddedJob;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.job.JobCommand;
import dev.facemask.job.options.JobOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector job}: the streaming job's own options, plus {@code --local}, which starts an
 * in-process Kafka broker and a Flink mini-cluster and says where to produce and consume.
 */
@Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false, subcommands = JobStopCommand.class,
        description = {"Run the detection job: frames from Kafka, detections and dead letters to Kafka.",
            "With --local, on an in-process Kafka broker and Flink mini-cluster until Ctrl-C."})
public final class LocalJobCommand extends JobCommand {

    @Spec
    CommandSpec localSpec;

    @Option(names = "--local", description = "Start an embedded Kafka broker (topics created) and a Flink mini-cluster; ignore --bootstrap-servers.")
    boolean local;

    @Override
    public Integer call() throws Exception {
        if (!local) {
            return super.call();
        }
        PrintWriter out = localSpec.commandLine().getOut();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobOptions options = checkedOptions().toBuilder().bootstrapServers(kafka.bootstrapServers()).build();
            kafka.createTopics(2, options.framesTopic(), options.detectionsTopic(), options.deadLetterTopic());
            try (EmbeddedJob job = EmbeddedJob.start(options)) {
                job.awaitRunning(Duration.ofMinutes(2));
                out.printf("Kafka broker: %s  (in-process)%n", kafka.bootstrapServers());
                out.printf("Produce frames:   ./detector produce --bootstrap %s --topic %s --source <image|folder|glob|->%n",
                        kafka.bootstrapServers(), options.framesTopic());
                out.printf("Read detections:  ./detector consume --bootstrap %s --topic %s --dead-letter-topic %s --follow%n",
                        kafka.bootstrapServers(), options.detectionsTopic(), options.deadLetterTopic());
                out.println("Job running on a local Flink mini-cluster. Ctrl-C stops it.");
                out.flush();
                awaitShutdown(job);
            }
        }
        return 0;
    }

    private static void awaitShutdown(EmbeddedJob job) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "job-local-shutdown"));
        while (!stop.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            job.checkAlive();
        }
    }
}
