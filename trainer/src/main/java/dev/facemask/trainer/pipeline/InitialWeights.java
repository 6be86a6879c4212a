package dev.facemask.trainer.pipeline;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.model.BatchNormFolding;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.WeightArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;

/**
 * Weights read back from an exported model folder, for {@code train --init-from}: transfer of a
 * backbone between runs and datasets. Variables keep their trainer names in the SavedModel, so
 * they load into a new graph by name.
 */
public final class InitialWeights {

    private InitialWeights() {}

    /**
     * The backbone (stem and stages) of the model in {@code modelDir}; heads and necks are left to
     * start fresh, since their shapes follow the class count.
     *
     * @throws IOException when the folder holds no SavedModel or it cannot be read
     */
    public static ModelWeights backboneOf(Path modelDir) throws IOException {
        if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
            throw new IOException("--init-from " + modelDir.toAbsolutePath() + " is not a model folder (no saved_model.pb)");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), SignatureNames.TAG)) {
            List<String> names = new ArrayList<>();
            Iterator<GraphOperation> ops = bundle.graph().operations();
            while (ops.hasNext()) {
                GraphOperation op = ops.next();
                if (op.type().equals("VariableV2") && isBackbone(op.name())) {
                    names.add(op.name());
                }
            }
            if (names.isEmpty()) {
                throw new IOException("--init-from " + modelDir + " has no backbone variables (stem_*, stage*)");
            }
            // Exports fold batch norm into the convolutions; unfolding gives the trainer's variables back, exactly.
            return BatchNormFolding.unfold(read(bundle.session(), names));
        } catch (RuntimeException e) {
            throw new IOException("Cannot read weights from " + modelDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** True for the stem and stage variables that {@code --init-from} transfers. */
    public static boolean isBackbone(String name) {
        return name.startsWith("stem_") || name.startsWith("stage");
    }

    private static ModelWeights read(Session session, List<String> names) {
        Session.Runner runner = session.runner();
        names.forEach(runner::fetch);
        Map<String, WeightArray> arrays = new LinkedHashMap<>();
        try (Result r = runner.run()) {
            for (int i = 0; i < names.size(); i++) {
                arrays.put(names.get(i), new WeightArray(r.get(i).shape().asArray(), TensorArrays.values(r.get(i))));
            }
        }
        return new ModelWeights(arrays);
    }
}
