package dev.facemask.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The tensors one forward pass of the dense head produces. {@code g} is the output grid side,
 * {@link ModelConfig#denseGridSize()}; cell (i, j) covers input pixels [4j, 4j+4) x [4i, 4i+4).
 *
 * @param heatmapLogits a per-class score that rises with {@code heatmap}, [N, g, g, classes]: what
 *     Grad-CAM differentiates. The logits of a {@link CentreHead#PER_CLASS} head; for
 *     {@link CentreHead#OBJECTNESS} the log of the heatmap
 * @param heatmap per-class centre scores in 0..1, [N, g, g, classes]: a face of class c is centred
 *     near a peak of channel c
 * @param objectnessLogits {@link CentreHead#OBJECTNESS} only, else null: the face logits, [N, g, g, 1]
 * @param classLogits {@link CentreHead#OBJECTNESS} only, else null: the class logits, [N, g, g, classes]
 * @param regression per cell {@code [log w, log h, dx, dy]}, [N, g, g, 4]: the face size in grid cells
 *     (natural log) and the centre's offset within the cell, in cells
 * @param lastFeatureMap output of the last backbone stage, [N, h, w, c]: what Grad-CAM explains
 * @param movingAverageUpdates batch-norm moving-average assignments (training mode only, else empty)
 * @param layers the layers in build order, for {@link ModelSummary}
 */
public record DenseOutputs(
        Operand<TFloat32> heatmapLogits,
        Operand<TFloat32> heatmap,
        Operand<TFloat32> objectnessLogits,
        Operand<TFloat32> classLogits,
        Operand<TFloat32> regression,
        Operand<TFloat32> lastFeatureMap,
        List<Op> movingAverageUpdates,
        List<LayerInfo> layers) {}
