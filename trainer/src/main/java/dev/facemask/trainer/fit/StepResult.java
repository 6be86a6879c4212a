package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.Predictions;

/**
 * Losses and outputs of one training or evaluation step.
 *
 * @param classLoss mean cross-entropy of the batch
 * @param boxLoss mean box loss of the batch
 * @param totalLoss weighted sum of both
 * @param predictions the network's outputs for the batch
 */
public record StepResult(float classLoss, float boxLoss, float totalLoss, Predictions predictions) {}
