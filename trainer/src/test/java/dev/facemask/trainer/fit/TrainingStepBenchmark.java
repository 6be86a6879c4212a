package dev.facemask.trainer.fit;

import dev.facemask.trainer.SyntheticFaces;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.export.ModelExporter;
import dev.facemask.trainer.model.TensorArrays;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Not a test: measures graph build time and training-step throughput of a preset.
 * Run: {@code java -cp <test classpath> -Dorg.bytedeco.javacpp.maxPhysicalBytes=0
 * -Dorg.bytedeco.javacpp.maxBytes=0 dev.facemask.trainer.fit.TrainingStepBenchmark seed 8 10 [exportDir]}.
 */
public final class TrainingStepBenchmark {

    public static void main(String[] args) throws IOException {
        Preset preset = Preset.parse(args.length > 0 ? args[0] : "seed");
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        ModelConfig.Builder builder = ModelConfig.builder(preset).numClasses(2);
        if (Integer.getInteger("inputSize") != null) {
            builder.inputSize(Integer.getInteger("inputSize"));
        }
        ModelConfig config = builder.build();
        List<TrainingExample> data = SyntheticFaces.generate(batchSize, config.inputSize(), 1);
        BatchAssembler assembler = new BatchAssembler(data, batchSize, false, 0, 1);
        Batch batch = assembler.assemble(assembler.orderedBatches().get(0), null);
        double ceiling = matmulGflops();
        System.out.printf(Locale.ROOT, "calibration: 2048x2048 matmul at %.0f GFLOP/s now%n", ceiling);
        long t0 = System.nanoTime();
        try (TrainingSession s = TrainingSession.create(config, TrainingOptions.builder().batchSize(batchSize).build())) {
            double build = (System.nanoTime() - t0) / 1e9;
            s.trainStep(batch);  // warm-up: first run plans and allocates
            long t1 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                s.trainStep(batch);
            }
            double perStep = (System.nanoTime() - t1) / 1e9 / steps;
            long t2 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                s.predict(batch.images(), batch.size());
            }
            double perForward = (System.nanoTime() - t2) / 1e9 / steps;
            System.out.printf(Locale.ROOT, "%s batch %d: inference-mode forward %.3f s, %.1f images/s%n",
                    preset.id(), batchSize, perForward, batchSize / perForward);
            System.out.printf(Locale.ROOT, "%s batch %d: graph+init %.1f s, %.3f s/step, %.1f steps/s, %.1f images/s%n",
                    preset.id(), batchSize, build, perStep, 1 / perStep, batchSize / perStep);
            if (args.length > 3) {
                exportTo(Path.of(args[3]), config, s);
            }
        }
    }

    /** Float32 matmul throughput right now: the machine's ceiling, to read step times against under shared load. */
    static double matmulGflops() {
        int n = 2048;
        float[] values = new float[n * n];
        java.util.Arrays.fill(values, 0.5f);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> a = tf.placeholder(TFloat32.class);
            var product = tf.linalg.matMul(a, a);
            try (Session s = new Session(g); TFloat32 in = TensorArrays.floats(values, n, n)) {
                s.runner().feed(a, in).fetch(product).run().close();
                long t = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    s.runner().feed(a, in).fetch(product).run().close();
                }
                return 5 * 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
            }
        }
    }

    private static void exportTo(Path dir, ModelConfig config, TrainingSession s) throws IOException {
        long t0 = System.nanoTime();
        ModelExporter.export(config, s.modelWeights(), dir,
                ModelExporter.metadata(config, List.of("masked", "unmasked"), Map.of(), "benchmark"));
        System.out.printf(Locale.ROOT, "exported to %s in %.1f s%n", dir, (System.nanoTime() - t0) / 1e9);
    }
}
