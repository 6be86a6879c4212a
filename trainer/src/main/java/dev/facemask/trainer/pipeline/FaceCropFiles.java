package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.LabeledImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import me.tongfei.progressbar.ProgressBar;

/**
 * Face crops of held-out multi-face photos written as PNG files, so that a single-face model is
 * evaluated on every face big enough to crop ({@code evaluate --face-crops}), not only on the few
 * photos that show one face. PNG keeps the crop's pixels as the model would have seen them.
 */
public final class FaceCropFiles {

    private FaceCropFiles() {}

    /** The crops as evaluation samples, and the photos that could not be read. */
    public record Written(List<LabeledSample> samples, List<String> skipped) {}

    /**
     * Crops {@code photos} with {@code cropper} and writes {@code crop-NNNNN.png} into {@code dir}
     * (created), in order.
     */
    public static Written write(List<LabeledImage> photos, FaceCropper cropper, long seed, Path dir, PrintStream progress)
            throws IOException {
        Files.createDirectories(dir);
        List<LabeledSample> samples = new ArrayList<>();
        try (ProgressBar bar = ExampleLoader.progressBar("crop faces", photos.size(), progress)) {
            List<String> skipped = cropper.cropAll(photos, seed, (photo, crop) -> {
                Path png = dir.resolve(String.format("crop-%05d.png", samples.size()));
                if (!ImageIO.write(crop.image(), "png", png.toFile())) {
                    throw new IOException("No PNG writer available for " + png);
                }
                samples.add(new LabeledSample(png, crop.face().classId(), crop.face().box()));
            }, bar::step);
            return new Written(samples, skipped);
        }
    }
}
