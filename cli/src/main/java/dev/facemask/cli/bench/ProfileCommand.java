package dev.facemask.cli.bench;

import dev.facemask.inference.Precision;
import dev.facemask.inference.profile.MatMulCeiling;
import dev.facemask.job.options.PrecisionConverter;
import dev.facemask.inference.profile.StepProfile;
import dev.facemask.inference.profile.StepProfiler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector bench profile}: where one inference step's time goes, per op type and kernel. */
@Command(name = "profile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Profile the serving signature with TensorFlow's step statistics: time per op type, the "
            + "kernels that ran (oneDNN _MklNative*/_Fused* or plain Eigen ops), and the model's share of the "
            + "float32 matrix-product ceiling measured in the same run."})
final class ProfileCommand implements Callable<Integer> {

    /** Matrix side of the ceiling measurement. */
    static final int CEILING_SIDE = 4096;

    @Spec
    CommandSpec spec;

    @Mixin
    BenchModel bench;

    @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "5", description = "Traced steps to average (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--precision", defaultValue = "fp32", converter = PrecisionConverter.class, paramLabel = "fp32|bf16",
            description = "fp32, or bf16: oneDNN's automatic mixed precision; then fp32 is profiled too, in the same run,"
                    + " and the speed ratio printed (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Precision chosen = precision;
        Path dir = bench.resolve(out);
        double gflops = BenchModel.gflopsPerImage(dir);
        StepProfile profile = StepProfiler.profile(dir, batch, steps, chosen);
        double ceiling = MatMulCeiling.gflops(CEILING_SIDE, 5);
        if (chosen != Precision.FP32) {
            StepProfile fp32 = StepProfiler.profile(dir, batch, steps, Precision.FP32);
            out.printf(Locale.ROOT, "fp32 in the same run: %.1f ms per step; %s %.1f ms: %.2f x the fp32 throughput%n%n",
                    fp32.stepMillis(), chosen, profile.stepMillis(), fp32.stepMillis() / profile.stepMillis());
        }
        out.println(profile.table());
        double imagesPerSecond = batch * 1000.0 / profile.stepMillis();
        out.printf(Locale.ROOT, "Model: %s, %.2f GFLOP per image: %.0f GFLOP/s while traced%n", dir.getFileName(), gflops,
                imagesPerSecond * gflops);
        out.printf(Locale.ROOT, "Ceiling: float32 %dx%d matrix product %.0f GFLOP/s in this run; model share %.0f%%%n",
                CEILING_SIDE, CEILING_SIDE, ceiling, 100 * imagesPerSecond * gflops / ceiling);
        return 0;
    }
}
