package dev.facemask.inference;

import dev.facemask.inference.testkit.FreshJvm;
import dev.facemask.inference.testkit.TestImages;
import dev.facemask.inference.testkit.ToySavedModel;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved model folder reloaded in a second JVM, as the streaming job's TaskManagers load it. */
class SavedModelFreshJvmITCase {

    private static final int INPUT = 16;

    @TempDir
    Path temp;

    @Test
    void shouldReloadTheFolderInAFreshJvmWithIdenticalOutputs() throws Exception {
        try (ToySavedModel toy = new ToySavedModel(INPUT, 3, 4, 42)) {
            Path modelDir = temp.resolve("toy");
            toy.export(modelDir);
            List<PreparedImage> images = TestImages.prepared(new Preprocessor(INPUT, ColorMode.RGB), 3, 7);

            List<Prediction> reloaded = FreshJvm.predict(modelDir, images, true, temp);

            SavedModelPredictorTest.assertMatches(reloaded, toy.run(images, true), true);
        }
    }
}
