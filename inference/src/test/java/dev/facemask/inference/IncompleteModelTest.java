package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.testkit.TestImages;
import dev.facemask.inference.testkit.ToySavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncompleteModelTest {

    @TempDir
    Path temp;

    @Test
    void shouldServeAModelWithoutGradCamButRefuseHeatmaps() throws Exception {
        Path dir = temp.resolve("serving-only");
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 9)) {
            toy.export(dir, List.of(SignatureNames.SERVING));
        }

        try (SavedModelPredictor predictor = SavedModelPredictor.load(dir)) {
            assertThat(predictor.hasGradCam()).isFalse();
            assertThat(predictor.predict(TestImages.prepared(predictor.preprocessor(), 2, 1), false)).hasSize(2);
            assertThatThrownBy(() -> predictor.predict(TestImages.prepared(predictor.preprocessor(), 1, 1), true))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("Model " + dir.toRealPath() + " has no 'gradcam' signature: export it with a trainer"
                            + " that writes Grad-CAM");
        }
    }

    @Test
    void shouldNameTheMissingServingSignature() throws Exception {
        Path dir = temp.resolve("gradcam-only");
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 9)) {
            toy.export(dir, List.of(SignatureNames.GRADCAM));
        }

        assertThatThrownBy(() -> SavedModelPredictor.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("SavedModel in " + dir.toRealPath() + " has no 'serving_default' signature; it has [gradcam]");
    }

    @Test
    void shouldNameAFolderWhoseSavedModelIsCorrupt() throws Exception {
        Path dir = temp.resolve("corrupt");
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 9)) {
            toy.export(dir);
        }
        Files.writeString(dir.resolve("saved_model.pb"), "garbage");

        assertThatThrownBy(() -> SavedModelPredictor.load(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("TensorFlow could not load the SavedModel in " + dir.toRealPath() + ": ");
    }
}
