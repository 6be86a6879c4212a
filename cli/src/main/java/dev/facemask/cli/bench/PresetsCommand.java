package dev.facemask.cli.bench;

import dev.facemask.cli.model.PresetConverter;
import dev.facemask.inference.profile.MatMulCeiling;
import dev.facemask.trainer.model.Preset;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detector bench presets}: training and inference images/s of every preset, in one run. */
@Command(name = "presets", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Training and inference images/s of each preset on generated inputs, with the share of the "
            + "float32 matrix-product ceiling measured in the same run (a training step counts as 3 forward "
            + "passes). Training uses the preset's default batch and optimizer; inference the exported model "
            + "(batch norm folded) through DJL, as the stream runs it. No dataset or trained model needed."})
final class PresetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--presets", split = ",", converter = PresetConverter.class, paramLabel = "P[,P..]",
            description = "Presets to measure (default: all: seed, small, tiny, detect-seed, detect-small, detect-tiny).")
    List<Preset> presets;

    @Option(names = "--batch", defaultValue = "8", description = "Images per inference call (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "20", description = "Time spent on each measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, was " + batch);
        }
        if (!(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be above 0, was " + seconds);
        }
        QuietConsole.apply();
        PrintWriter out = spec.commandLine().getOut();
        double ceiling = MatMulCeiling.gflops(ProfileCommand.CEILING_SIDE, 5);
        out.printf(Locale.ROOT, "ceiling: float32 %dx%d matrix product %.0f GFLOP/s%n", ProfileCommand.CEILING_SIDE,
                ProfileCommand.CEILING_SIDE, ceiling);
        out.flush();
        List<PresetSpeed> rows = new ArrayList<>();
        for (Preset p : presets == null || presets.isEmpty() ? List.of(Preset.values()) : presets) {
            out.printf(Locale.ROOT, "measuring %s ...%n", p.id());
            out.flush();
            rows.add(PresetSpeed.measure(p, batch, seconds));
        }
        out.println();
        out.print(table(rows, ceiling));
        out.flush();
        return 0;
    }

    /** The Markdown table the README quotes. */
    static String table(List<PresetSpeed> rows, double ceiling) {
        StringBuilder s = new StringBuilder("| preset | input | GFLOP/image | training images/s (batch) | training share"
                + " of ceiling | inference images/s (batch) | inference share of ceiling |\n|---|---|---|---|---|---|---|\n");
        for (PresetSpeed r : rows) {
            s.append(String.format(Locale.ROOT, "| %s | %d px | %.2f | %.1f (%d) | %.0f%% | %.1f (%d) | %.0f%% |%n",
                    r.preset().id(), r.inputSize(), r.gflopsPerImage(), r.trainImagesPerSecond(), r.trainBatch(),
                    100 * r.trainGflops() / ceiling, r.inferImagesPerSecond(), r.inferBatch(),
                    100 * r.inferGflops() / ceiling));
        }
        return s.toString();
    }
}
