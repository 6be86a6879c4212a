package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.inference.MappedDetection;
import dev.facemask.trainer.explain.ExplainedImage;
import dev.facemask.trainer.explain.GradCamRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector gradcam}: where the classifier looked, drawn over the image. */
@Command(name = "gradcam", mixinStandardHelpOptions = true,
        description = "Draw the Grad-CAM heatmap of the predicted class, and the predicted box, over an image.")
public final class GradCamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR")
    Path model;

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "A JPEG or PNG image.")
    Path image;

    @Option(names = "--out", required = true, paramLabel = "FILE.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(image)) {
            throw ExitException.usage("--image " + image + " is not a file");
        }
        ExplainedImage r = GradCamRunner.run(model, image, out);
        MappedDetection d = r.detection();
        spec.commandLine().getOut().printf(Locale.ROOT, "%s %.1f%% (heatmap %dx%d) -> %s%n", d.label(), 100 * d.score(),
                r.heatmapSize(), r.heatmapSize(), r.png());
        for (int i = 0; i < r.facePngs().size(); i++) {
            spec.commandLine().getOut().println("  face " + (i + 1) + " -> " + r.facePngs().get(i));
        }
        return 0;
    }
}
