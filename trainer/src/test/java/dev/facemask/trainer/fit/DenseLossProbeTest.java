package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.trainer.pipeline.DenseExampleLoader;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseLossProbeTest {
    @Test
    void probe() throws Exception {
        ModelConfig config = ModelConfig.builder(Preset.DETECT_TINY).numClasses(3).build();
        DatasetSplits splits = DatasetSplits.openAllFaces(Path.of("/tmp/fm/scenes"), 42);
        DenseExampleLoader loader = new DenseExampleLoader(new Preprocessor(config.inputSize(), ColorMode.RGB));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<DenseExample> train = loader.load(splits.images(Split.TRAIN), "t", quiet).examples();
        List<DenseExample> val = loader.load(splits.images(Split.VAL), "v", quiet).examples();
        DenseBatchAssembler ta = new DenseBatchAssembler(train, 16, AugmentOptions.valueOf(System.getProperty("aug", "default")), config.denseGridSize(), 3, 1);
        DenseBatchAssembler va = new DenseBatchAssembler(val, 16, AugmentOptions.NONE, config.denseGridSize(), 3, 1);
        DenseBatchAssembler tn = new DenseBatchAssembler(train, 16, AugmentOptions.NONE, config.denseGridSize(), 3, 1);
        TrainingOptions o = TrainingOptions.builder().epochs(1).outputDir(Path.of("/tmp/probe")).build();
        SplittableRandom r = new SplittableRandom(3);
        String env = System.getenv().getOrDefault("PROBE", "");
        if (!env.isEmpty()) {
            String[] a = env.split(",");
            DenseTrainer.builder().model(config).options(TrainingOptions.builder().epochs(Integer.parseInt(a[0])).batchSize(16)
                    .learningRate(Double.parseDouble(a[1])).boxLossWeight(Double.parseDouble(a[2]))
                    .cosineDecay(true).outputDir(Path.of("/tmp/probe")).build()).build().fit(train, val);
            return;
        }
        try (DenseTrainingSession s = DenseTrainingSession.create(config, o, new float[] {1, 1, 1})) {
            for (int epoch = 0; epoch < 3; epoch++) {
                double tl = 0;
                int n = 0;
                for (int[] idx : ta.shuffledBatches(epoch)) {
                    tl += s.trainStep(ta.assemble(idx, r), 2e-3).heatmapLoss();
                    n++;
                }
                DenseStepResult et = s.evaluate(tn.assemble(tn.orderedBatches().get(0), null));
                DenseStepResult ev = s.evaluate(va.assemble(va.orderedBatches().get(0), null));
                DenseBatch vb = va.assemble(va.orderedBatches().get(0), null);
                List<List<dev.facemask.vision.detect.DetectedFace>> faces = ev.maps().decode(new dev.facemask.vision.detect.CenterDecoder(dev.facemask.vision.detect.DecodeOptions.DEFAULTS));
                System.out.println("PROBE truths " + vb.truths().get(0));
                faces.get(0).stream().limit(4).forEach(f -> System.out.println("PROBE face " + f.classId() + " " + f.score() + " " + f.box()));
                System.out.printf("PROBE epoch %d train(train-mode) %.3f eval-mode on train %.3f on val %.3f%n", epoch, tl / n,
                        et.heatmapLoss(), ev.heatmapLoss());
            }
        }
    }
}
