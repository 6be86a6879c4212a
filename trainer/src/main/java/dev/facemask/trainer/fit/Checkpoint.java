package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import java.util.List;

/**
 * The best model so far and what is needed to continue training from it.
 *
 * @param config architecture the weights belong to
 * @param epoch 1-based epoch after which it was saved
 * @param adamStep Adam steps taken (for the bias correction)
 * @param bestValLoss validation loss at that epoch
 * @param history metrics of epochs 1..epoch
 * @param variables every variable of the training graph, optimizer slots included
 */
public record Checkpoint(ModelConfig config, int epoch, long adamStep, double bestValLoss,
        List<EpochMetrics> history, ModelWeights variables) {

    public Checkpoint {
        history = List.copyOf(history);
    }

    /** Only the model's variables (what the exporter needs), without Adam's slots. */
    public ModelWeights modelWeights() {
        return variables.filter(name -> !AdamOptimizer.isSlot(name));
    }
}
