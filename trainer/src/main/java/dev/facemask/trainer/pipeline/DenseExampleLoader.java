package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.fit.DenseExample;
import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Decodes and preprocesses a split for the dense head once, keeping every face of every image,
 * boxes mapped into the padded model input. At 320 pixels an image is 1.2 MB of floats.
 */
public final class DenseExampleLoader {

    private final Preprocessor preprocessor;

    public DenseExampleLoader(Preprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Examples and the images that could not be read, with reasons. */
    public record Loaded(List<DenseExample> examples, List<LabeledImage> images, List<String> skipped) {}

    public Loaded load(List<LabeledImage> images, String splitName, PrintStream progress) {
        List<DenseExample> examples = new ArrayList<>(images.size());
        List<LabeledImage> kept = new ArrayList<>(images.size());
        List<String> skipped = new ArrayList<>();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("load " + splitName).setInitialMax(images.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(progress, 120))
                .setUpdateIntervalMillis(250).build()) {
            for (LabeledImage image : images) {
                try {
                    PreparedImage prepared = preprocessor.prepare(ImageFiles.readForModel(image.image(), preprocessor.inputSize()));
                    List<Annotation> faces = image.annotations().stream()
                            .map(a -> new Annotation(a.classId(), prepared.letterbox().toModel(a.box()))).toList();
                    examples.add(new DenseExample(prepared, faces));
                    kept.add(image);
                } catch (IOException | RuntimeException e) {
                    skipped.add(image.image().getFileName() + ": " + e.getMessage());
                }
                bar.step();
            }
        }
        return new Loaded(examples, kept, skipped);
    }
}
