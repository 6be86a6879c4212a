package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.ModelConfig;
import java.util.List;

/** Rejects splits the model cannot train on, naming the first bad example. */
final class ExampleCheck {

    private final ModelConfig config;

    ExampleCheck(ModelConfig config) {
        this.config = config;
    }

    ExampleCheck check(String split, List<TrainingExample> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("The " + split + " split is empty: training needs both a training"
                    + " and a validation split");
        }
        for (int i = 0; i < examples.size(); i++) {
            TrainingExample e = examples.get(i);
            if (e.image().inputSize() != config.inputSize() || e.image().channels() != config.channels()) {
                throw new IllegalArgumentException(split + " example " + i + " is " + e.image().inputSize() + "x"
                        + e.image().inputSize() + "x" + e.image().channels() + " but the model takes "
                        + config.inputSize() + "x" + config.inputSize() + "x" + config.channels()
                        + ": preprocess with the model's Preprocessor");
            }
            if (e.classId() >= config.numClasses()) {
                throw new IllegalArgumentException(split + " example " + i + " has class " + e.classId()
                        + " but the model has " + config.numClasses() + " classes");
            }
        }
        return this;
    }
}
