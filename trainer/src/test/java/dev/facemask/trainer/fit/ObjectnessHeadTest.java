package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.DenseDetector;
import dev.facemask.trainer.model.DenseOutputs;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.VariableStore;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The objectness centre head: its scores are the face probability times the class softmax, and its
 * loss is the focal loss on the face heatmap plus the class cross-entropy, checked against a 2 x 2
 * grid worked by hand.
 */
class ObjectnessHeadTest {

    static final ModelConfig CONFIG = ModelConfig.builder(Preset.DETECT_TINY).inputSize(64).numClasses(3)
            .stages(List.of(8, 16, 32), List.of(1, 1, 1)).neck(8).centreHead(CentreHead.OBJECTNESS).build();

    /** Class targets of four cells: a centre of class 1, an overlap of classes 1 and 2, a Gaussian tail, background. */
    static final float[] HEATMAP = {0, 1, 0, 0, 0.5f, 0.5f, 0.25f, 0, 0, 0, 0, 0};
    static final float LN2 = (float) Math.log(2);
    static final float LN3 = (float) Math.log(3);
    /** Softmax of cell 0 is 1/4, 1/2, 1/4; of cell 1 a third each; of cell 2 3/5, 1/5, 1/5. */
    static final float[] CLASS_LOGITS = {0, LN2, 0, 0, 0, 0, LN3, 0, 0, 5, -1, 2};
    static final float[] OBJECTNESS_LOGITS = {0, 1, -1, -2};
    static final float[] CLASS_WEIGHTS = {1, 2, 0.5f};

    @Test
    void shouldScoreEachClassAsTheFaceProbabilityTimesTheClassSoftmax() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            VariableStore vars = new VariableStore(tf);
            SplittableRandom random = new SplittableRandom(3);
            float[] pixels = new float[2 * 64 * 64 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextDouble();
            }
            DenseOutputs out = DenseDetector.forward(tf, vars, CONFIG, tf.constant(org.tensorflow.ndarray.Shape.of(2, 64, 64, 3),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(pixels)), false);
            vars.load(s, vars.initialWeights(7));
            try (Result r = s.runner().fetch(out.heatmap()).fetch(out.heatmapLogits()).fetch(out.objectnessLogits())
                    .run()) {
                float[] heat = TensorArrays.values(r.get(0));
                float[] logHeat = TensorArrays.values(r.get(1));
                float[] face = TensorArrays.values(r.get(2));
                int cells = 2 * 16 * 16;
                assertThat(heat).hasSize(cells * 3);
                assertThat(face).hasSize(cells);
                for (int c = 0; c < cells; c++) {
                    float sum = heat[3 * c] + heat[3 * c + 1] + heat[3 * c + 2];
                    assertThat(sum).as("cell %d", c).isCloseTo((float) (1 / (1 + Math.exp(-face[c]))), within(1e-6f));
                    for (int k = 0; k < 3; k++) {
                        assertThat(logHeat[3 * c + k]).isCloseTo((float) Math.log(heat[3 * c + k]), within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void shouldAddTheFocalLossOfTheFaceHeatmapAndTheWeightedClassCrossEntropy() {
        // Cross-entropy by hand: -sum_c w_c share_c log p_c, times the cell's largest target, over the sum of those (1.75).
        double cell0 = 2 * Math.log(2);                                  // class 1 at 1/2, weight 2
        double cell1 = 0.5 * (2 * 0.5 * Math.log(3) + 0.5 * 0.5 * Math.log(3)); // half class 1, half class 2
        double cell2 = 0.25 * Math.log(5.0 / 3);                          // class 0 at 3/5, weight 1
        double crossEntropy = (cell0 + cell1 + cell2) / 1.75;
        // Focal loss by hand: the one positive (cell 0, p = 1/2) and three negatives, over one centre.
        double positive = -0.25 * Math.log(0.5);
        double negatives = negative(1, 0.5) + negative(-1, 0.25) + negative(-2, 0);
        double focal = positive + negatives;

        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> heatmap = constant(tf, HEATMAP, 1, 2, 2, 3);
            DenseLossGraph loss = handWorkedLoss(tf, heatmap, false);
            Operand<TFloat32> ce = handWorkedCrossEntropy(tf, heatmap);
            try (Result r = s.runner().fetch(ce).fetch(loss.heatmapLoss()).fetch(loss.boxLoss()).fetch(loss.total()).run()) {
                assertThat(TensorArrays.scalar(r.get(0))).isCloseTo((float) crossEntropy, within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(1))).isCloseTo((float) (focal + crossEntropy), within(1e-5f));
                assertThat(TensorArrays.scalar(r.get(2))).isZero();
                assertThat(TensorArrays.scalar(r.get(3))).isCloseTo((float) (focal + crossEntropy), within(1e-5f));
            }
        }
    }

    /**
     * With class-weighted faces each cell's focal term is weighted by its faces' class weights: the
     * class-1 centre by 2, the half-1 half-2 cell by 0.5 x 2 + 0.5 x 0.5 = 1.25, the class-0 tail by 1,
     * and the background cell, which no face reaches, by 1.
     */
    @Test
    void shouldWeighTheFaceHeatmapByTheClassesOfTheFacesAroundEachCell() {
        double weightedFocal = -2 * 0.25 * Math.log(0.5) + 1.25 * negative(1, 0.5) + negative(-1, 0.25) + negative(-2, 0);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> heatmap = constant(tf, HEATMAP, 1, 2, 2, 3);
            DenseLossGraph loss = handWorkedLoss(tf, heatmap, true);
            Operand<TFloat32> ce = handWorkedCrossEntropy(tf, heatmap);
            Operand<TFloat32> cellWeights = DenseLossGraph.faceCellWeights(tf, heatmap, CLASS_WEIGHTS);
            try (Result r = s.runner().fetch(cellWeights).fetch(ce).fetch(loss.heatmapLoss()).run()) {
                float[] w = TensorArrays.values(r.get(0));
                assertThat(w).hasSize(4);
                assertThat(w[0]).isCloseTo(2f, within(1e-6f));
                assertThat(w[1]).isCloseTo(1.25f, within(1e-6f));
                assertThat(w[2]).isCloseTo(1f, within(1e-6f));
                assertThat(w[3]).isCloseTo(1f, within(1e-6f));
                assertThat(TensorArrays.scalar(r.get(2)))
                        .isCloseTo((float) weightedFocal + TensorArrays.scalar(r.get(1)), within(1e-5f));
            }
        }
    }

    @Test
    void shouldKeepTheCentreHeadThroughCheckpointJsonAndReadOldCheckpointsAsPerClass() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String written = json.writeValueAsString(CONFIG);
        assertThat(written).contains("\"centreHead\":\"OBJECTNESS\"");
        assertThat(json.readValue(written, ModelConfig.class)).isEqualTo(CONFIG);
        String old = written.replace(",\"centreHead\":\"OBJECTNESS\"", "");
        assertThat(json.readValue(old, ModelConfig.class).centreHead()).isEqualTo(CentreHead.PER_CLASS);
        assertThat(CONFIG.toString()).contains("centres=objectness");
        // A checkpoint from before --class-branch reads the class logits from the shared trunk, as it was trained.
        ModelConfig branched = CONFIG.toBuilder().classBranch(12).build();
        String withBranch = json.writeValueAsString(branched);
        assertThat(withBranch).contains("\"classBranchChannels\":12");
        assertThat(json.readValue(withBranch, ModelConfig.class)).isEqualTo(branched);
        assertThat(json.readValue(withBranch.replace(",\"classBranchChannels\":12", ""), ModelConfig.class))
                .isEqualTo(CONFIG);
        assertThat(branched.toString()).endsWith("centres=objectness, classBranch=12]");
        assertThat(CentreHead.parse(" Per-Class ")).isEqualTo(CentreHead.PER_CLASS);
        assertThatThrownBy(() -> CentreHead.parse("yolo"))
                .hasMessage("Unknown centre head 'yolo': use per-class or objectness");
    }

    /** A checkpoint of a per-class model is not resumed as an objectness one: the message names the difference. */
    @Test
    void shouldRefuseToResumeAPerClassCheckpointAsObjectness(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        ModelConfig perClass = CONFIG.toBuilder().centreHead(CentreHead.PER_CLASS).build();

        assertThatThrownBy(() -> new CheckpointStore(dir).checkResumable(perClass, CONFIG))
                .hasMessageContaining("centres=per-class], not detect-tiny[")
                .hasMessageContaining("centres=objectness]")
                .hasMessageEndingWith("use the same preset, model options (--input-size, --box-head, --centres, --class-branch) and data");
    }

    /** A background cell's focal term: -p^2 log(1 - p) (1 - y)^4. */
    /** The loss of the hand-worked 2 x 2 grid: its class and objectness logits, no box error. */
    private static DenseLossGraph handWorkedLoss(Ops tf, Operand<TFloat32> heatmap, boolean classWeightedFaces) {
        Operand<TFloat32> classes = constant(tf, CLASS_LOGITS, 1, 2, 2, 3);
        Operand<TFloat32> face = constant(tf, OBJECTNESS_LOGITS, 1, 2, 2, 1);
        Operand<TFloat32> zeros = tf.zeros(tf.constant(new long[] {1, 2, 2, 4}), TFloat32.class);
        DenseOutputs out = new DenseOutputs(classes, classes, face, classes, zeros, classes, List.of(), List.of());
        return DenseLossGraph.build(tf, out, heatmap, zeros, tf.zeros(tf.constant(new long[] {1, 2, 2, 1}), TFloat32.class),
                5, DenseBoxLoss.L1, OffsetLoss.RELATIVE, CLASS_WEIGHTS, classWeightedFaces);
    }

    private static Operand<TFloat32> handWorkedCrossEntropy(Ops tf, Operand<TFloat32> heatmap) {
        Operand<TFloat32> faceTarget = tf.max(heatmap, tf.constant(3), org.tensorflow.op.core.Max.keepDims(true));
        return DenseLossGraph.classCrossEntropy(tf, constant(tf, CLASS_LOGITS, 1, 2, 2, 3), heatmap, faceTarget,
                CLASS_WEIGHTS);
    }

    private static double negative(double logit, double target) {
        double p = 1 / (1 + Math.exp(-logit));
        return -p * p * Math.log(1 - p) * Math.pow(1 - target, 4);
    }

    private static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(org.tensorflow.ndarray.Shape.of(shape), org.tensorflow.ndarray.buffer.DataBuffers.of(values));
    }
}
