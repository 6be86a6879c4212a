package dev.facemask.trainer.export;

import dev.facemask.trainer.model.Predictions;

/**
 * Output of the {@code gradcam} signature for N images.
 *
 * @param predictions probabilities and boxes, as the serving signature gives them
 * @param heatmaps [N][h][w] in 0..1: where the last stage's features drove the predicted class
 */
public record GradCamOutputs(Predictions predictions, float[][][] heatmaps) {}
