package dev.facemask.trainer.fit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import java.util.List;

/**
 * The dense head's best epoch so far and what is needed to continue training from it.
 *
 * @param config architecture the weights belong to
 * @param epoch 1-based epoch after which it was saved
 * @param adamStep Adam steps taken (for the bias correction and the learning-rate schedule)
 * @param bestValMap50 validation mAP@0.5 at that epoch, by which the best epoch is chosen
 * @param history metrics of epochs 1..epoch
 * @param variables every variable of the training graph, optimizer slots included; null in the
 *     JSON half of a checkpoint
 */
public record DenseCheckpoint(ModelConfig config, int epoch, long adamStep, double bestValMap50,
        List<DenseEpochMetrics> history, @JsonIgnore ModelWeights variables) {

    public DenseCheckpoint {
        history = List.copyOf(history);
    }

    /**
     * Only the model's variables (what the exporter needs), without Adam's slots; from a run with a
     * weight average, the averages, as validation scored them.
     */
    public ModelWeights modelWeights() {
        return WeightAverage.averaged(variables);
    }

    DenseCheckpoint withoutVariables() {
        return new DenseCheckpoint(config, epoch, adamStep, bestValMap50, history, null);
    }

    DenseCheckpoint withVariables(ModelWeights all) {
        return new DenseCheckpoint(config, epoch, adamStep, bestValMap50, history, all);
    }
}
