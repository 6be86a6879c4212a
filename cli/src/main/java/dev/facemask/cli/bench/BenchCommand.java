package dev.facemask.cli.bench;

import dev.facemask.cli.model.PresetConverter;
import dev.facemask.cli.model.UntrainedModel;
import dev.facemask.trainer.model.Preset;
import dev.facemask.inference.Precision;
import dev.facemask.inference.profile.MatMulCeiling;
import dev.facemask.job.options.PrecisionConverter;
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

/** {@code detector bench stream}, {@code profile}, {@code presets}, {@code stages}, {@code precision} and {@code batches}: figures, not pass/fail. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures, not pass/fail).",
        subcommands = {BenchCommand.Stream.class, ProfileCommand.class, PresetsCommand.class, StagesCommand.class,
            PrecisionCommand.class, BatchesCommand.class})
public final class BenchCommand {

    /** Raw model images/s, pipeline frames/s and their ratio, latency at a steady rate, and the machine's ceiling. */
    @Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure in one run: the float32 matrix-product ceiling, the raw model's images/s at the batch "
                + "size and its share of that ceiling, the job's frames/s through embedded Kafka and Flink after a "
                + "warm-up (--warmup-frames), their ratio, and end-to-end latency p50/p95/p99 at a steady rate. Frames are "
                + "camera-sized JPEGs.",
                "Without --model it exports an untrained model of --preset (speed does not depend on weights).",
                "Framework logs go to the log file ($TMPDIR/detector.log), not the console."})
    static final class Stream implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BenchModel bench;

        @Option(names = "--frames", defaultValue = "400", description = "Frames per measurement (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--batch", defaultValue = "8", description = "Model batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--concurrent-batches", defaultValue = "1", description = "Batches the job runs on the model "
                + "at once (its --concurrent-batches); the raw model is timed with as many callers (default: ${DEFAULT-VALUE}).")
        int concurrentBatches;

        @Option(names = "--warmup-frames", defaultValue = "200", description = "Frames the job runs before its throughput "
                + "is timed, so that the rate is a running job's, not one still compiling its code (default: ${DEFAULT-VALUE}).")
        int warmUpFrames;

        @Option(names = "--frame-size", defaultValue = "1280x720", converter = FrameSize.Converter.class,
                paramLabel = "WxH", description = "JPEG frame size, as a camera sends them (default: ${DEFAULT-VALUE}).")
        FrameSize frameSize;

        @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class, paramLabel = "fp32|bf16",
                description = "Arithmetic the model runs in, raw and in the job (default: ${DEFAULT-VALUE}).")
        Precision precision;

        @Option(names = "--steady-fraction", defaultValue = "0.7", description = "Latency is measured at this fraction of the pipeline's throughput (default: ${DEFAULT-VALUE}).")
        double steadyFraction;

        @Override
        public Integer call() throws Exception {
            QuietConsole.apply();
            if (concurrentBatches < 1) {
                throw new ParameterException(spec.commandLine(), "--concurrent-batches must be at least 1, was " + concurrentBatches);
            }
            if (warmUpFrames < 0) {
                throw new ParameterException(spec.commandLine(), "--warmup-frames must not be negative, was " + warmUpFrames);
            }
            PrintWriter out = spec.commandLine().getOut();
            Path dir = bench.resolve(out);
            int passes = BenchModel.passesPerFrame(dir);
            // Raw images/s count frames; with the flip test each frame is two passes of the network.
            double gflops = passes * BenchModel.gflopsPerImage(dir);
            double ceiling = MatMulCeiling.gflops(ProfileCommand.CEILING_SIDE, 5);
            out.printf(Locale.ROOT, "ceiling: float32 %dx%d matrix product %.0f GFLOP/s%n", ProfileCommand.CEILING_SIDE,
                    ProfileCommand.CEILING_SIDE, ceiling);
            if (passes > 1) {
                out.println("flip test on in model.json: two passes of the network per frame, counted in GFLOP/s");
            }
            out.flush();
            StreamBenchmark.Result r = new StreamBenchmark(dir, precision, frames, batch, concurrentBatches, warmUpFrames, frameSize, steadyFraction, line -> {
                out.println(line);
                out.flush();
            }).run();
            out.println();
            out.println("| model | precision | frames | batch | raw model images/s | GFLOP/s (share of ceiling) | pipeline frames/s | ratio | steady rate | p50 ms | p95 ms | p99 ms |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
            out.printf(Locale.ROOT, "| %s | %s | %s JPEG | %s | %.1f | %.0f (%.0f%%) | %.1f | %.2f | %.1f/s | %.0f | %.0f | %.0f |%n",
                    dir.getFileName(), precision, frameSize,
                    r.batch() + (r.concurrentBatches() == 1 ? "" : " x " + r.concurrentBatches()), r.rawImagesPerSecond(), r.rawImagesPerSecond() * gflops,
                    100 * r.rawImagesPerSecond() * gflops / ceiling, r.pipelineFramesPerSecond(), r.ratio(),
                    r.steadyRate(), r.latency().p50(), r.latency().p95(), r.latency().p99());
            out.printf(Locale.ROOT, "Ceiling in this run: %.0f GFLOP/s (float32 %dx%d matrix product); model %.2f GFLOP per frame%n",
                    ceiling, ProfileCommand.CEILING_SIDE, ProfileCommand.CEILING_SIDE, gflops);
            out.printf("Machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
            return 0;
        }
    }
}
