package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.detect.CenterTargets;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseLossProbeTest {
    @Test
    void probe() {
        ModelConfig config = ModelConfig.builder(Preset.DETECT_TINY).numClasses(3).build();
        int side = config.inputSize();
        SplittableRandom r = new SplittableRandom(1);
        List<DenseExample> ex = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] px = new float[side * side * 3];
            for (int k = 0; k < px.length; k++) px[k] = (float) r.nextDouble();
            ex.add(new DenseExample(new PreparedImage(px, new Letterbox(side, side, side), 3),
                    List.of(new Annotation(0, new Box(0.2, 0.2, 0.4, 0.4)), new Annotation(1, new Box(0.6, 0.5, 0.8, 0.9)))));
        }
        DenseBatchAssembler a = new DenseBatchAssembler(ex, 8, AugmentOptions.NONE, config.denseGridSize(), 3, 1);
        DenseBatch b = a.assemble(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, null);
        int pos = 0;
        for (float v : b.heatmap()) if (v == 1f) pos++;
        System.out.println("positives " + pos + " mask " + sum(b.mask()));
        TrainingOptions o = TrainingOptions.builder().epochs(1).outputDir(Path.of("/tmp/probe")).build();
        try (DenseTrainingSession s = DenseTrainingSession.create(config, o, new float[] {1, 1, 1})) {
            DenseStepResult e = s.evaluate(b);
            float[] h = e.maps().heatmap();
            double mean = 0, max = 0;
            for (float v : h) { mean += v; max = Math.max(max, v); }
            System.out.println("eval heat " + e.heatmapLoss() + " box " + e.boxLoss() + " mean p " + mean / h.length + " max " + max);
            for (int i = 0; i < 60; i++) {
                DenseStepResult t = s.trainStep(b, 1e-3);
                if (i % 10 == 0) System.out.println("train heat " + t.heatmapLoss() + " box " + t.boxLoss());
            }
            DenseStepResult e2 = s.evaluate(b);
            System.out.println("eval heat " + e2.heatmapLoss() + " box " + e2.boxLoss() + " faces " + e2.maps().decode(new dev.facemask.vision.detect.CenterDecoder(dev.facemask.vision.detect.DecodeOptions.DEFAULTS)).get(0));
        }
    }
    static double sum(float[] v) { double s = 0; for (float x : v) s += x; return s; }
}
