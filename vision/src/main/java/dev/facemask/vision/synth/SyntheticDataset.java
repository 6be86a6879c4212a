package dev.facemask.vision.synth;

import java.nio.file.Path;

/**
 * What {@link SyntheticFaceGenerator#generate()} or {@link SyntheticSceneGenerator#generate()} wrote.
 *
 * @param root the dataset folder (open it with {@code Datasets.open(root)})
 * @param images images written
 * @param maskedFaces faces of class 0
 * @param unmaskedFaces faces of class 1
 * @param incorrectlyMaskedFaces faces of class 2 (mask below the nose); 0 for the single-face generator
 * @param millis wall time of the generation, milliseconds
 */
public record SyntheticDataset(
        Path root, int images, int maskedFaces, int unmaskedFaces, int incorrectlyMaskedFaces, long millis) {

    /** All faces written. */
    public int faces() {
        return maskedFaces + unmaskedFaces + incorrectlyMaskedFaces;
    }

    /** Images written per second of wall time. */
    public double imagesPerSecond() {
        return millis == 0 ? images * 1000.0 : images * 1000.0 / millis;
    }
}
