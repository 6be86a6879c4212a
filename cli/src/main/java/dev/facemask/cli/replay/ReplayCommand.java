package dev.facemask.cli.replay;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.consume.RecordFormatter;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.cli.train.SplitNames;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.trainer.pipeline.DatasetSplits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector replay}: the test split as a live stream, measured like {@code evaluate} plus latency. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Publish a labelled split as frames with ground truth, collect the detections, and report "
            + "accuracy, IoU, mAP, latency percentiles and throughput, and whether they equal the offline evaluation.",
            "Without --bootstrap it starts an embedded Kafka broker and the job on a local Flink mini-cluster;",
            "with --bootstrap the job must already run on that Kafka cluster."})
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR|archive.zip")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "train | val | test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--split-seed", defaultValue = "" + DatasetSplits.DEFAULT_SPLIT_SEED)
    long splitSeed;

    /** Without {@code --bootstrap}, the embedded broker; with it, a cluster on which the job already runs. */
    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = "--frames-topic", defaultValue = JobOptions.DEFAULT_FRAMES_TOPIC)
    String framesTopic;

    @Option(names = "--detections-topic", defaultValue = JobOptions.DEFAULT_DETECTIONS_TOPIC)
    String detectionsTopic;

    @Option(names = "--dead-letter-topic", defaultValue = JobOptions.DEFAULT_DEAD_LETTER_TOPIC)
    String deadLetterTopic;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "reports/replay", description = "Default: ${DEFAULT-VALUE}.")
    Path report;

    @Option(names = "--fps", defaultValue = "0", description = "Publishing rate, frames/s; 0 sends as fast as possible (default).")
    double fps;

    @Option(names = "--batch-size", defaultValue = "8", description = "The embedded job's batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--grad-cam", defaultValue = "off", description = "The embedded job's Grad-CAM policy (default: ${DEFAULT-VALUE}).")
    String gradCam;

    @Option(names = "--quiet", defaultValue = "60s", description = "Stop waiting after this long without a result (default: ${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--live", negatable = true, defaultValue = "true", description = "Print each detection as it arrives (default: on).")
    boolean live;

    @Override
    public Integer call() throws Exception {
        kafka.secretsWarning().ifPresent(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        ReplayReport r = new ReplayRunner(options(), line -> {
            out.println(line);
            out.flush();
        }, d -> {
            if (live) {
                out.println(RecordFormatter.line(d));
                out.flush();
            }
        }).run();
        out.println(r.headline());
        if (r.everyFace() != null) {
            out.println(r.everyFace().line());
        }
        out.printf("Report: %s (report.md, report.json, latency.png, predictions.png)%n", report.toAbsolutePath());
        return r.lost() == 0 && r.duplicates() == 0 ? 0 : 1;
    }

    ReplayOptions options() {
        boolean remote = spec.commandLine().getParseResult().hasMatchedOption("--bootstrap");
        if (!remote && kafka.hasClientProperties()) {
            throw ExitException.usage("--kafka-property and --kafka-properties need --bootstrap:"
                    + " the embedded broker takes none");
        }
        return new ReplayOptions(model, data, SplitNames.parse(split), splitSeed, remote ? kafka.toProperties() : null,
                framesTopic, detectionsTopic, deadLetterTopic, report, fps, batchSize, GradCamPolicy.parse(gradCam), quiet);
    }
}
