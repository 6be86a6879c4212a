package dev.facemask.trainer.fit;

/**
 * What one dense-head step or evaluation returned.
 *
 * @param heatmapLoss focal loss of the centre heatmaps
 * @param boxLoss L1 loss of the box values at face centres
 * @param totalLoss the weighted sum that was minimised
 * @param maps the inference-mode maps (evaluation only, else null)
 */
public record DenseStepResult(float heatmapLoss, float boxLoss, float totalLoss, DenseOutputsBatch maps) {}
