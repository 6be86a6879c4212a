package dev.facemask.job.decode;

import dev.facemask.vision.preprocess.Preprocessor;
import java.io.Serializable;

/**
 * Where the decode stage gets the model's {@link Preprocessor} from, on each TaskManager in
 * {@code open()}: shipped with the job graph, so it holds only a description of the model. The
 * decode stage needs the model's input size and colour mode, not the model.
 */
@FunctionalInterface
public interface PreprocessorSource extends Serializable {

    /**
     * @throws RuntimeException whose message names the model and what is wrong with it
     */
    Preprocessor preprocessor();
}
