package dev.facemask.cli.demo;

import dev.facemask.cli.consume.RecordFormatter;
import dev.facemask.cli.replay.ReplayOptions;
import dev.facemask.cli.replay.ReplayReport;
import dev.facemask.cli.replay.ReplayRunner;
import dev.facemask.cli.train.WriterOutputStream;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.options.JobOptions;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.trainer.pipeline.TrainingPipeline;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector demo}: the whole product on embedded defaults. Data (the Labeled Mask archive if
 * present, else synthetic faces), a tiny model trained if none exists, an in-process Kafka broker
 * and Flink mini-cluster, the test split replayed through the job with live detections, and the
 * report's headline figures.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the product end to end on embedded defaults: data, a tiny model, Kafka and Flink in-process,",
            "the test split streamed through the job with live detections, then the report."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--workdir", defaultValue = "demo", paramLabel = "DIR",
            description = "Where the demo keeps its dataset, model and reports (default: ${DEFAULT-VALUE}).")
    Path workdir;

    @Option(names = "--archive", defaultValue = "data/archive.zip", paramLabel = "FILE",
            description = "The Labeled Mask dataset, used when present (default: ${DEFAULT-VALUE}).")
    Path archive;

    @Option(names = "--images", defaultValue = "1000", description = "Synthetic images to generate when no archive is present (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--epochs", defaultValue = "" + TrainingPipeline.TINY_EPOCHS, description = "Epochs for the tiny model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--fps", defaultValue = "20", description = "Replay rate in frames/s, so detections stream visibly (default: ${DEFAULT-VALUE}).")
    double fps;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Path data = dataset(out);
        Path model = model(data, out);
        step(out, "3/3", "Streaming the test split through Kafka and Flink (Grad-CAM on frames below 80% confidence)");
        ReplayOptions options = new ReplayOptions(model, data, Split.TEST, DatasetSplits.DEFAULT_SPLIT_SEED, null,
                JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC, JobOptions.DEFAULT_DEAD_LETTER_TOPIC,
                workdir.resolve("report"), fps, 8, GradCamPolicy.parse("below-confidence:0.8"), Duration.ofSeconds(60));
        ReplayReport report = new ReplayRunner(options, line -> println(out, "  " + line),
                d -> println(out, "  " + RecordFormatter.line(d))).run();
        out.println();
        out.println(report.headline());
        out.printf(Locale.ROOT, "%nDone in %.0f s. Files:%n  model      %s%n  training   %s (history.csv, classifier.png, box.png)%n"
                        + "  replay     %s (report.md, latency.png, predictions.png)%n",
                (System.nanoTime() - start) / 1e9, model.toAbsolutePath(), runDir().toAbsolutePath(),
                workdir.resolve("report").toAbsolutePath());
        out.println("Next: ./detector job --local --model " + model + "   (then produce your own frames)");
        return report.lost() == 0 && report.duplicates() == 0 ? 0 : 1;
    }

    private Path dataset(PrintWriter out) throws Exception {
        if (Files.isRegularFile(archive)) {
            step(out, "1/3", "Using the Labeled Mask dataset " + archive);
            Datasets.open(archive);
            return archive;
        }
        Path synth = workdir.resolve("synthetic");
        if (Files.isDirectory(synth.resolve("obj"))) {
            step(out, "1/3", "Reusing the synthetic dataset in " + synth);
        } else {
            step(out, "1/3", "No " + archive + ": generating " + images + " synthetic faces in " + synth);
            var d = new SyntheticFaceGenerator(SyntheticOptions.builder().images(images).seed(7).outputDir(synth).build()).generate();
            println(out, String.format(Locale.ROOT, "  %d images (%d masked, %d unmasked) in %.1f s", d.images(),
                    d.maskedFaces(), d.unmaskedFaces(), d.millis() / 1000.0));
        }
        return synth;
    }

    private Path model(Path data, PrintWriter out) throws Exception {
        Path model = workdir.resolve("model-tiny");
        if (Files.isRegularFile(model.resolve(ModelMetadata.FILE_NAME))) {
            step(out, "2/3", "Reusing the model in " + model + " (delete it to train again)");
            return model;
        }
        step(out, "2/3", "Training a tiny model (" + epochs + " epochs) into " + model);
        PrintStream ps = new PrintStream(new WriterOutputStream(out), true);
        new TrainingPipeline(data, model, ModelConfig.builder(Preset.TINY),
                TrainingPipeline.defaults(Preset.TINY).epochs(epochs).outputDir(runDir()).build(),
                DatasetSplits.DEFAULT_SPLIT_SEED).run(ps);
        return model;
    }

    private Path runDir() {
        return workdir.resolve("model-tiny-run");
    }

    private static void step(PrintWriter out, String n, String what) {
        println(out, "\n== " + n + " " + what);
    }

    private static void println(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
