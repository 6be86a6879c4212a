package dev.facemask.trainer.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * The tensors one forward pass produces.
 *
 * @param logits classifier scores before softmax, [N, classes]
 * @param probabilities softmax of the logits, [N, classes]
 * @param boxes sigmoid box regression, [N, 4] as [x_min, y_min, w, h] of the padded input
 * @param lastFeatureMap output of the last stage, [N, h, w, c]: what Grad-CAM explains
 * @param movingAverageUpdates batch-norm moving-average assignments (training mode only, else empty)
 * @param layers the layers in build order, for {@link ModelSummary}
 * @param boxCellLogits the centroid box head's score of each cell of the last feature map, [N, h*w]
 *     row-major, before its softmax; {@code null} for the other box heads
 */
public record NetworkOutputs(
        Operand<TFloat32> logits,
        Operand<TFloat32> probabilities,
        Operand<TFloat32> boxes,
        Operand<TFloat32> lastFeatureMap,
        List<Op> movingAverageUpdates,
        List<LayerInfo> layers,
        Operand<TFloat32> boxCellLogits) {}
