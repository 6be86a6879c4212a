package dev.facemask.cli.bench;

import dev.facemask.cli.model.PresetConverter;
import dev.facemask.cli.model.UntrainedModel;
import dev.facemask.trainer.model.Preset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector bench stream}: raw model vs whole pipeline, measured in one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (figures, not pass/fail).",
        subcommands = BenchCommand.Stream.class)
public final class BenchCommand {

    /** Raw model images/s, pipeline frames/s and their ratio, and latency at a steady rate. */
    @Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Measure in one run: the raw model's images/s at the batch size, the job's frames/s through",
                "embedded Kafka and Flink, their ratio, and end-to-end latency p50/p95/p99 at a steady rate.",
                "Without --model it exports an untrained model of --preset (speed does not depend on weights)."})
    static final class Stream implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "MODEL_DIR", description = "Model to measure. Default: an untrained --preset model.")
        Path model;

        @Option(names = "--preset", defaultValue = "seed", converter = PresetConverter.class, description = "Default: ${DEFAULT-VALUE}.")
        Preset preset;

        @Option(names = "--frames", defaultValue = "400", description = "Frames per measurement (default: ${DEFAULT-VALUE}).")
        int frames;

        @Option(names = "--batch", defaultValue = "8", description = "Model batch size (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--steady-fraction", defaultValue = "0.7", description = "Latency is measured at this fraction of the pipeline's throughput (default: ${DEFAULT-VALUE}).")
        double steadyFraction;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = model;
            if (dir == null) {
                dir = Files.createTempDirectory("bench-model").resolve(preset.id());
                out.printf("Exporting an untrained %s model to %s%n", preset.id(), dir);
                out.flush();
                UntrainedModel.export(preset, dir);
            }
            StreamBenchmark.Result r = new StreamBenchmark(dir, frames, batch, steadyFraction, line -> {
                out.println(line);
                out.flush();
            }).run();
            out.println();
            out.println("| model | batch | raw model images/s | pipeline frames/s | ratio | steady rate | p50 ms | p95 ms | p99 ms |");
            out.println("|---|---|---|---|---|---|---|---|---|");
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.1f/s | %.0f | %.0f | %.0f |%n", dir.getFileName(), r.batch(),
                    r.rawImagesPerSecond(), r.pipelineFramesPerSecond(), r.ratio(), r.steadyRate(), r.latency().p50(),
                    r.latency().p95(), r.latency().p99());
            out.printf("Machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
            return 0;
        }
    }
}
