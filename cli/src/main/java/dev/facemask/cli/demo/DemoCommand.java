package dev.facemask.cli.demo;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.consume.RecordFormatter;
import dev.facemask.cli.io.WriterOutputStream;
import dev.facemask.cli.replay.ReplayOptions;
import dev.facemask.cli.replay.ReplayReport;
import dev.facemask.cli.replay.ReplayRunner;
import dev.facemask.cli.view.ViewOptions;
import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.job.options.JobOptions;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.trainer.pipeline.TrainingPipeline;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.synth.IntRange;
import dev.facemask.vision.synth.SceneOptions;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticSceneGenerator;
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
 * present, else synthetic multi-face scenes), a {@code detect-tiny} model that finds every face,
 * trained if none exists, an in-process Kafka broker and Flink mini-cluster, the test split
 * replayed through the job with live detections, and the report's headline figures with the
 * stream's mAP@0.5. {@code --head single} runs the seed notebook's one-face model instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the product end to end on embedded defaults: data, a tiny model, Kafka and Flink in-process, "
            + "the test split streamed through the job with live detections, then the report."})
public final class DemoCommand implements Callable<Integer> {

    /**
     * Synthetic scenes of the dense demo: 1-3 faces of 28-56 px in 128 px images, which detect-tiny
     * at 128 px learns in about two minutes (test mAP@0.5 0.80 in {@code DenseHeadLearningITCase}).
     */
    static final int DEMO_SCENES = 400;
    static final int DEMO_SCENE_SIDE = 128;
    static final int DEMO_DENSE_EPOCHS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--workdir", defaultValue = "demo", paramLabel = "DIR",
            description = "Where the demo keeps its dataset, model and reports (default: ${DEFAULT-VALUE}).")
    Path workdir;

    @Option(names = "--archive", defaultValue = "data/archive.zip", paramLabel = "FILE",
            description = "The Labeled Mask dataset, used when present (default: ${DEFAULT-VALUE}).")
    Path archive;

    @Option(names = "--head", defaultValue = "dense", paramLabel = "dense|single",
            description = "dense: every face (detect-tiny on multi-face scenes); single: the notebook's one-face model"
                    + " (tiny on single-face images). Default: ${DEFAULT-VALUE}.")
    String head;

    @Option(names = "--images", description = "Synthetic images to generate when no archive is present"
            + " (default: " + DEMO_SCENES + " scenes, or 1000 single faces with --head single).")
    Integer images;

    @Option(names = "--epochs", description = "Training epochs (default: " + DEMO_DENSE_EPOCHS + " for detect-tiny, "
            + TrainingPipeline.TINY_EPOCHS + " for tiny).")
    Integer epochs;

    @Option(names = "--fps", defaultValue = "20", description = "Replay rate in frames/s, so detections stream visibly (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--view-port", defaultValue = "" + ViewOptions.DEFAULT_PORT,
            description = "Port of the live view served while the demo runs, on 127.0.0.1 (default: ${DEFAULT-VALUE};"
                    + " a free one when taken; -1 for no view).")
    int viewPort;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        if (!head.equals("dense") && !head.equals("single")) {
            throw ExitException.usage("--head " + head + ": use dense or single");
        }
        Path data = dataset(out);
        Path model = model(data, out);
        step(out, "3/3", "Streaming the test split through Kafka and Flink (Grad-CAM on frames below 80% confidence)");
        ReplayOptions options = new ReplayOptions(model, data, Split.TEST, DatasetSplits.DEFAULT_SPLIT_SEED, null,
                JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC, JobOptions.DEFAULT_DEAD_LETTER_TOPIC,
                workdir.resolve("report"), fps, 8, GradCamPolicy.parse("below-confidence:0.8"), Duration.ofSeconds(60));
        DemoView view = new DemoView(viewPort, line -> println(out, "  " + line));
        ReplayReport report;
        try (view) {
            report = new ReplayRunner(options, line -> println(out, "  " + line), d -> println(out, "  " + RecordFormatter.line(d)))
                    .onEmbeddedBroker(view::start).run();
        }
        out.println();
        out.println(report.headline());
        if (report.everyFace() != null) {
            out.println(report.everyFace().line());
        }
        out.printf(Locale.ROOT, "%nDone in %.0f s. Files:%n  model      %s%n  training   %s (history.csv, "
                        + (dense() ? "detector.png" : "classifier.png, box.png") + ")%n"
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
        Path synth = workdir.resolve(dense() ? "scenes" : "synthetic");
        if (Files.isDirectory(synth.resolve("obj"))) {
            step(out, "1/3", "Reusing the synthetic dataset in " + synth);
        } else if (dense()) {
            int n = images != null ? images : DEMO_SCENES;
            step(out, "1/3", "No " + archive + ": generating " + n + " synthetic multi-face scenes in " + synth);
            var d = new SyntheticSceneGenerator(SceneOptions.builder().images(n).seed(7).faces(new IntRange(1, 3))
                    .imageSide(IntRange.of(DEMO_SCENE_SIDE)).faceSize(new IntRange(28, 56)).outputDir(synth).build())
                    .generate();
            println(out, String.format(Locale.ROOT, "  %d images, %d faces (%d masked, %d unmasked, %d worn incorrectly)"
                    + " in %.1f s", d.images(), d.maskedFaces() + d.unmaskedFaces() + d.incorrectlyMaskedFaces(),
                    d.maskedFaces(), d.unmaskedFaces(), d.incorrectlyMaskedFaces(), d.millis() / 1000.0));
        } else {
            int n = images != null ? images : 1000;
            step(out, "1/3", "No " + archive + ": generating " + n + " synthetic faces in " + synth);
            var d = new SyntheticFaceGenerator(SyntheticOptions.builder().images(n).seed(7).outputDir(synth).build()).generate();
            println(out, String.format(Locale.ROOT, "  %d images (%d masked, %d unmasked) in %.1f s", d.images(),
                    d.maskedFaces(), d.unmaskedFaces(), d.millis() / 1000.0));
        }
        return synth;
    }

    private Path model(Path data, PrintWriter out) throws Exception {
        Path model = workdir.resolve(dense() ? "model-detect-tiny" : "model-tiny");
        if (Files.isRegularFile(model.resolve(ModelMetadata.FILE_NAME))) {
            step(out, "2/3", "Reusing the model in " + model + " (delete it to train again)");
            return model;
        }
        PrintStream ps = new PrintStream(new WriterOutputStream(out), true);
        if (dense()) {
            int n = epochs != null ? epochs : DEMO_DENSE_EPOCHS;
            step(out, "2/3", "Training detect-tiny, which finds every face (" + n + " epochs), into " + model);
            DenseTrainingPipeline.builder(data, model).model(ModelConfig.builder(Preset.DETECT_TINY).inputSize(DEMO_SCENE_SIDE))
                    .options(DenseTrainingPipeline.defaults(Preset.DETECT_TINY).epochs(n).outputDir(runDir()).build())
                    .build().run(ps);
            return model;
        }
        int n = epochs != null ? epochs : TrainingPipeline.TINY_EPOCHS;
        step(out, "2/3", "Training a tiny model (" + n + " epochs) into " + model);
        new TrainingPipeline(data, model, ModelConfig.builder(Preset.TINY),
                TrainingPipeline.defaults(Preset.TINY).epochs(n).outputDir(runDir()).build(),
                DatasetSplits.DEFAULT_SPLIT_SEED).run(ps);
        return model;
    }

    private boolean dense() {
        return head.equals("dense");
    }

    private Path runDir() {
        return workdir.resolve(dense() ? "model-detect-tiny-run" : "model-tiny-run");
    }

    private static void step(PrintWriter out, String n, String what) {
        println(out, "\n== " + n + " " + what);
    }

    private static void println(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
