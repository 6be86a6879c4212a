package dev.facemask.cli.bench;

import dev.facemask.inference.PredictorBenchmark;
import dev.facemask.inference.SharedModel;
import dev.facemask.inference.profile.MatMulCeiling;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code detector bench batches}: the model's own images/s and time per call at each batch size,
 * which is what choosing the job's {@code --batch} and {@code --max-wait-ms} trades: a camera at a
 * low frame rate sends batches of one or two, a busy job full ones.
 */
@Command(name = "batches", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The model's own images/s and milliseconds per call at each batch size (predictor calls "
            + "through DJL on generated inputs, as the job makes them), with the share of the float32 "
            + "matrix-product ceiling measured in the same run.",
            "  ./detector bench batches --preset seed --batches 1,2,4,8"})
final class BatchesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModel bench;

    @Option(names = "--batches", split = ",", defaultValue = "1,2,4,8", paramLabel = "N[,N..]",
            description = "Batch sizes to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--seconds", defaultValue = "6", description = "Time spent on each batch size (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        for (int b : batches) {
            if (b < 1) {
                throw new ParameterException(spec.commandLine(), "--batches must all be at least 1, was " + batches);
            }
        }
        if (!(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be above 0, was " + seconds);
        }
        QuietConsole.apply();
        PrintWriter out = spec.commandLine().getOut();
        Path dir = bench.resolve(out);
        double gflops = BenchModel.gflopsPerImage(dir) * BenchModel.passesPerFrame(dir);
        ModelMetadata meta = ModelMetadata.read(dir);
        double ceiling = MatMulCeiling.gflops(ProfileCommand.CEILING_SIDE, 5);
        StringBuilder table = new StringBuilder("| batch | images/s | ms per call | GFLOP/s | share of ceiling |\n"
                + "|---|---|---|---|---|\n");
        try (SharedModel.Lease lease = SharedModel.acquire(dir)) {
            for (int b : batches) {
                out.printf(Locale.ROOT, "measuring batch %d ...%n", b);
                out.flush();
                List<PreparedImage> images = images(meta, b);
                PredictorBenchmark.time(lease.predictor(), images, Math.min(1, seconds));  // warm-up: Grappler, oneDNN primitives
                double rate = PredictorBenchmark.time(lease.predictor(), images, seconds).imagesPerSecond();
                table.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.0f | %.0f%% |%n", b, rate,
                        1000.0 * b / rate, rate * gflops, 100 * rate * gflops / ceiling));
            }
        }
        out.printf(Locale.ROOT, "%nModel %s, %.2f GFLOP per frame; ceiling: float32 %dx%d matrix product %.0f GFLOP/s%n%n",
                dir.getFileName(), gflops, ProfileCommand.CEILING_SIDE, ProfileCommand.CEILING_SIDE, ceiling);
        out.print(table);
        out.flush();
        return 0;
    }

    private static List<PreparedImage> images(ModelMetadata meta, int n) {
        int side = meta.inputSize();
        SplittableRandom random = new SplittableRandom(3);
        List<PreparedImage> images = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[side * side * meta.channels()];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (float) random.nextDouble();
            }
            images.add(new PreparedImage(pixels, new Letterbox(side, side, side), meta.channels()));
        }
        return images;
    }
}
