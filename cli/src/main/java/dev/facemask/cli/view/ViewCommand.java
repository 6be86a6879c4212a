package dev.facemask.cli.view;

import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.job.options.JobOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector view}: serves the live view of the job's topics until Ctrl-C. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a live web page of the detections: per camera the latest frame with every face's box, label "
            + "and score, Grad-CAM on demand, frames/s and latency; faces per class over time; dead letters by kind."})
public final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--port", defaultValue = "" + ViewOptions.DEFAULT_PORT, description = "HTTP port (default: ${DEFAULT-VALUE}; 0 for a free one).")
    int port;

    @Option(names = "--bind", defaultValue = ViewOptions.DEFAULT_BIND, paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 publishes the camera images).")
    String bind;

    @Option(names = "--frames-topic", defaultValue = JobOptions.DEFAULT_FRAMES_TOPIC, description = "Frames topic (default: ${DEFAULT-VALUE}).")
    String framesTopic;

    @Option(names = "--detections-topic", defaultValue = JobOptions.DEFAULT_DETECTIONS_TOPIC, description = "Detections topic (default: ${DEFAULT-VALUE}).")
    String detectionsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = JobOptions.DEFAULT_DEAD_LETTER_TOPIC, description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--from-beginning", description = "Replay what the topics hold, then go live (default: start live, at their end).")
    boolean fromBeginning;

    @Override
    public Integer call() throws Exception {
        kafka.secretsWarning().ifPresent(spec.commandLine().getErr()::println);
        ViewOptions options = new ViewOptions(kafka.toProperties(), new ViewTopics(framesTopic, detectionsTopic, deadLetterTopic),
                bind, port, fromBeginning);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ViewServer view = ViewServer.start(options)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "view-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Live view at " + view.url() + " (reading " + kafka.bootstrap() + "; Ctrl-C to stop)");
            out.flush();
            stopped.await();
        }
        return 0;
    }
}
