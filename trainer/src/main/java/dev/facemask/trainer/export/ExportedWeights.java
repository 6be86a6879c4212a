package dev.facemask.trainer.export;

import dev.facemask.inference.SignatureNames;
import dev.facemask.trainer.model.BatchNormFolding;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.TensorArrays;
import dev.facemask.trainer.model.WeightArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;

/**
 * Weights read back from an exported model folder in the trainer's layout. Weights keep their
 * trainer names in the SavedModel: as variables, or as constants under {@link FrozenGraph#WEIGHT_SCOPE}
 * in frozen exports. Exports fold batch norm into the convolutions, so reading them back unfolds
 * (exactly equivalent weights, see {@link BatchNormFolding#unfold}).
 */
public final class ExportedWeights {

    private ExportedWeights() {}

    /**
     * The variables of the model in {@code modelDir} whose names {@code keep} accepts, unfolded.
     *
     * @param what how the caller names the folder in messages, such as {@code --init-from}
     * @param kind what {@code keep} accepts, for the message when nothing is, such as {@code backbone variables}
     * @throws IOException when the folder holds no SavedModel, no accepted variable, or cannot be read
     */
    public static ModelWeights read(Path modelDir, Predicate<String> keep, String what, String kind) throws IOException {
        if (!Files.isRegularFile(modelDir.resolve("saved_model.pb"))) {
            throw new IOException(what + " " + modelDir.toAbsolutePath() + " is not a model folder (no saved_model.pb)");
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), SignatureNames.TAG)) {
            Map<String, String> names = new LinkedHashMap<>();  // weight name -> op holding it
            Iterator<GraphOperation> ops = bundle.graph().operations();
            while (ops.hasNext()) {
                GraphOperation op = ops.next();
                String name = weightName(op);
                if (name != null && keep.test(name)) {
                    names.put(name, op.name());
                }
            }
            if (names.isEmpty()) {
                throw new IOException(what + " " + modelDir + " has no " + kind);
            }
            return BatchNormFolding.unfold(fetch(bundle.session(), names));
        } catch (RuntimeException e) {
            throw new IOException("Cannot read weights from " + modelDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The trainer's name of the weight {@code op} holds, or null when it holds none. */
    private static String weightName(GraphOperation op) {
        if (op.type().equals("VariableV2")) {
            return op.name();
        }
        if (op.type().equals("Const") && op.name().startsWith(FrozenGraph.WEIGHT_SCOPE)) {
            return op.name().substring(FrozenGraph.WEIGHT_SCOPE.length());
        }
        return null;
    }

    private static ModelWeights fetch(Session session, Map<String, String> names) {
        Session.Runner runner = session.runner();
        names.values().forEach(runner::fetch);
        Map<String, WeightArray> arrays = new LinkedHashMap<>();
        try (Result r = runner.run()) {
            int i = 0;
            for (String name : names.keySet()) {
                arrays.put(name, new WeightArray(r.get(i).shape().asArray(), TensorArrays.values(r.get(i))));
                i++;
            }
        }
        return new ModelWeights(arrays);
    }
}
