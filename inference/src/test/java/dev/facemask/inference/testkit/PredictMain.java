package dev.facemask.inference.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.inference.Prediction;
import dev.facemask.inference.SavedModelPredictor;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of {@link FreshJvm}: loads a model folder through {@link SavedModelPredictor} in a
 * new JVM, predicts on images stored by {@link FreshJvm}, and prints the predictions as one JSON
 * line on stdout. Arguments: {@code modelDir imagesFile withGradCam}.
 */
public final class PredictMain {

    private PredictMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PredictMain <modelDir> <imagesFile> <withGradCam>");
            System.exit(2);
        }
        Path modelDir = Path.of(args[0]);
        boolean withGradCam = Boolean.parseBoolean(args[2]);
        try (SavedModelPredictor predictor = SavedModelPredictor.load(modelDir)) {
            List<PreparedImage> images = FreshJvm.readImages(Path.of(args[1]), predictor.metadata());
            List<Prediction> predictions = predictor.predict(images, withGradCam);
            System.out.println(FreshJvm.RESULT_PREFIX + new ObjectMapper().writeValueAsString(predictions));
        }
    }
}
