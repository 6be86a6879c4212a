package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.export.ExportedWeights;
import dev.facemask.trainer.model.ModelWeights;
import java.io.IOException;
import java.nio.file.Path;

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
     * @throws IOException when the folder holds no SavedModel, no backbone, or it cannot be read
     */
    public static ModelWeights backboneOf(Path modelDir) throws IOException {
        return ExportedWeights.read(modelDir, InitialWeights::isBackbone, "--init-from",
                "backbone variables (stem_*, stage*)");
    }

    /** True for the stem and stage variables that {@code --init-from} transfers. */
    public static boolean isBackbone(String name) {
        return name.startsWith("stem_") || name.startsWith("stage");
    }
}
