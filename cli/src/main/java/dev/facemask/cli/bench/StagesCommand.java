package dev.facemask.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detector bench stages}: the per-frame cost of each stage of the job, next to the model's. */
@Command(name = "stages", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time each stage of the detection job per frame, in one thread, with the job's own classes:",
            "Avro parse, JPEG decode, resize and pad, the copy into the model's input, the model (per frame at "
            + "the batch size), detection building, the sink's Avro encoding and the Kafka produce (acks=all, to an "
            + "in-process broker, flushed per batch). Prints mean and p95 ms per frame after a warm-up, each "
            + "stage's share, and which stages the job can run while the model runs.",
            "Framework logs go to the log file ($TMPDIR/detector.log), not the console."})
final class StagesCommand implements Callable<Integer> {

    /** Untimed batches first: the JIT, TensorFlow's first runs and the producer's connection. */
    static final int WARMUP_BATCHES = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModel bench;

    @Option(names = "--frames", defaultValue = "200",
            description = "Frames to time, rounded up to whole batches (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--frame-size", defaultValue = "1280x720", converter = FrameSize.Converter.class,
            paramLabel = "WxH", description = "JPEG frame size, as a camera sends them (default: ${DEFAULT-VALUE}).")
    FrameSize frameSize;

    @Option(names = "--batch", defaultValue = "8", description = "Model batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        if (frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, was " + frames);
        }
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, was " + batch);
        }
        QuietConsole.apply();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = bench.resolve(out);
        int batches = (frames + batch - 1) / batch;
        out.printf(Locale.ROOT, "timing %d frames (%d batches of %d) of %s JPEG after %d warm-up batches, model %s%n",
                batches * batch, batches, batch, frameSize, WARMUP_BATCHES, dir.getFileName());
        out.flush();
        StageTable table = StageTable.of(new StageBenchmark(dir, batch, frameSize).run(WARMUP_BATCHES, batches));
        out.println();
        out.print(table.markdown());
        out.println();
        out.print(summary(table, batch));
        out.flush();
        return 0;
    }

    /** The lines under the table: outside the model against the model, and what could overlap it. */
    static String summary(StageTable table, int batch) {
        double outside = table.outsideModelMillis();
        double model = table.modelMillis();
        return String.format(Locale.ROOT, "Outside the model: %s ms per frame; the model: %s ms per frame at batch %d"
                        + " (outside / model = %.2f).%n", StageTable.millis(outside), StageTable.millis(model), batch,
                outside / model)
                + String.format(Locale.ROOT, "Could run in parallel with inference (Flink task threads, Kafka's sender"
                        + " thread): %s: %s ms per frame.%n", StageTable.parallelStages(),
                        StageTable.millis(outside - table.serialWithModelMillis()))
                + String.format(Locale.ROOT, "Serial with it (the micro-batcher thread, in FrameInference.run): %s:"
                        + " %s ms per frame.%n", StageTable.serialStages(), StageTable.millis(table.serialWithModelMillis()))
                + "On 2 cores TensorFlow's threads use both, so work that overlaps the model still takes CPU from it.\n"
                + "The model's figure is the predict call minus the copy into its input, timed alone on the same batch.\n";
    }
}
