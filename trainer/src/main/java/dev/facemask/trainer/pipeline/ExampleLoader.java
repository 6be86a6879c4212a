package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Decodes and preprocesses a split into memory once, so epochs do not decode JPEGs again. At 244
 * pixels an image is 0.7 MB of floats: the 904 training images of the seed protocol take 0.65 GB.
 */
public final class ExampleLoader {

    /** Crops kept for the contact sheet of {@code train --face-crops}: four rows of eight. */
    public static final int PREVIEW_CROPS = 32;

    private final Preprocessor preprocessor;

    public ExampleLoader(Preprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Examples with boxes mapped into the padded model input; unreadable images are skipped and listed. */
    public Loaded load(List<LabeledImage> images, String splitName, PrintStream progress) {
        List<TrainingExample> examples = new ArrayList<>(images.size());
        List<String> skipped = new ArrayList<>();
        try (ProgressBar bar = progressBar("load " + splitName, images.size(), progress)) {
            for (LabeledImage image : images) {
                try {
                    PreparedImage prepared = preprocessor.prepare(ImageFiles.readForModel(image.image(), preprocessor.inputSize()));
                    examples.add(new TrainingExample(prepared, image.single().classId(),
                            prepared.letterbox().toModel(image.single().box())));
                } catch (IOException | RuntimeException e) {
                    skipped.add(image.image().getFileName() + ": " + e.getMessage());
                }
                bar.step();
            }
        }
        return new Loaded(examples, skipped);
    }

    /**
     * One example cut around each face of {@code photos} that {@code cropper} accepts
     * ({@code train --face-crops}); the crops are drawn with {@code seed}, in the photos' order, so a
     * run is repeatable. Unreadable photos are skipped and listed.
     *
     * @param firstCrops receives the first {@link #PREVIEW_CROPS} crops, for a contact sheet
     */
    public Loaded loadFaceCrops(List<LabeledImage> photos, FaceCropper cropper, long seed, List<FaceCropper.Crop> firstCrops,
            PrintStream progress) {
        List<TrainingExample> examples = new ArrayList<>();
        try (ProgressBar bar = progressBar("crop faces", photos.size(), progress)) {
            List<String> skipped = cropper.cropAll(photos, seed, (photo, crop) -> {
                if (firstCrops.size() < PREVIEW_CROPS) {
                    firstCrops.add(crop);
                }
                PreparedImage prepared = preprocessor.prepare(crop.image());
                examples.add(new TrainingExample(prepared, crop.face().classId(), prepared.letterbox().toModel(crop.face().box()),
                        cropper.options().boxWeight()));
            }, bar::step);
            return new Loaded(examples, skipped);
        }
    }

    /** A progress bar on {@code progress}, as every loading step of the trainer shows it. */
    static ProgressBar progressBar(String task, int max, PrintStream progress) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(progress, 120))
                .setUpdateIntervalMillis(250).build();
    }

    /** Examples ready for the trainer, and the images that could not be read, with reasons. */
    public record Loaded(List<TrainingExample> examples, List<String> skipped) {

        /** Examples per class id, for the class balance printed before training. */
        public int[] classCounts(int numClasses) {
            int[] counts = new int[numClasses];
            examples.forEach(e -> counts[e.classId()]++);
            return counts;
        }
    }
}
