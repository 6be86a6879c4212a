package dev.facemask.cli.data;

import dev.facemask.cli.ExitException;
import dev.facemask.vision.synth.SyntheticDataset;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector data synth}: procedurally drawn faces, with and without masks, in the YOLO layout. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate a synthetic face-mask dataset (YOLO darknet layout: DIR/obj/*.jpg + *.txt, DIR/obj.names).")
public final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--images", defaultValue = "1000", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faces-per-image", defaultValue = "1", description = "Faces per image, 1 to 6 (default: ${DEFAULT-VALUE}).")
    int facesPerImage;

    @Override
    public Integer call() throws Exception {
        SyntheticOptions options;
        try {
            options = SyntheticOptions.builder().images(images).seed(seed).facesPerImage(facesPerImage).outputDir(out).build();
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
        SyntheticDataset d = new SyntheticFaceGenerator(options).generate();
        spec.commandLine().getOut().printf("Wrote %d images (%d masked, %d unmasked faces) to %s in %.1f s (%.0f images/s)%n",
                d.images(), d.maskedFaces(), d.unmaskedFaces(), d.root().toAbsolutePath(), d.millis() / 1000.0,
                d.imagesPerSecond());
        return 0;
    }
}
