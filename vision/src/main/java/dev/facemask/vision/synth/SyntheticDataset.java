package dev.facemask.vision.synth;

import java.nio.file.Path;

/**
 * What {@link SyntheticFaceGenerator#generate()} wrote.
 *
 * @param root the dataset folder (open it with {@code Datasets.open(root)})
 * @param images images written
 * @param maskedFaces faces of class 0
 * @param unmaskedFaces faces of class 1
 * @param millis wall time of the generation, milliseconds
 */
public record SyntheticDataset(Path root, int images, int maskedFaces, int unmaskedFaces, long millis) {

    /** Images written per second of wall time. */
    public double imagesPerSecond() {
        return millis == 0 ? images * 1000.0 : images * 1000.0 / millis;
    }
}
