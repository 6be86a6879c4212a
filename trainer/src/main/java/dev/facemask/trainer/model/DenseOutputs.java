package dev.facemask.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The tensors one forward pass of the dense head produces. {@code g} is the output grid side,
 * {@link ModelConfig#denseGridSize()}; cell (i, j) covers input pixels [4j, 4j+4) x [4i, 4i+4).
 *
 * @param heatmapLogits per-class centre logits, [N, g, g, classes]
 * @param heatmap their sigmoid, [N, g, g, classes]: a face of class c is centred near a peak of channel c
 * @param regression per cell {@code [log w, log h, dx, dy]}, [N, g, g, 4]: the face size in grid cells
 *     (natural log) and the centre's offset within the cell, in cells
 * @param lastFeatureMap output of the last backbone stage, [N, h, w, c]: what Grad-CAM explains
 * @param movingAverageUpdates batch-norm moving-average assignments (training mode only, else empty)
 * @param layers the layers in build order, for {@link ModelSummary}
 */
public record DenseOutputs(
        Operand<TFloat32> heatmapLogits,
        Operand<TFloat32> heatmap,
        Operand<TFloat32> regression,
        Operand<TFloat32> lastFeatureMap,
        List<Op> movingAverageUpdates,
        List<LayerInfo> layers) {}
