package dev.facemask.cli.data;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.vision.synth.IntRange;
import dev.facemask.vision.synth.SceneOptions;
import dev.facemask.vision.synth.SyntheticDataset;
import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import dev.facemask.vision.synth.SyntheticSceneGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector data synth}: procedurally drawn faces in the YOLO layout. By default one to six
 * separate faces per image, masked or not (the seed's single-object set); with {@code --scenes},
 * crowds of 1 to 8 overlapping faces of 12 to 200 px in three classes, for the dense detector.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic face-mask dataset (YOLO darknet layout: DIR/obj/*.jpg + *.txt, DIR/obj.names).",
                "With --scenes: 1-8 faces of 12-200 px per image, partly hidden by nearer faces and objects "
                        + "(at most 35%% of a face's box, never its nose and mouth), classes mask, no-mask and "
                        + "mask-worn-incorrectly (mask below the nose)."},
        footer = {"", "Examples:", "  detector data synth --out data/synth --images 1000 --seed 42",
                "  detector data synth --out data/scenes --images 500 --scenes --faces 1-8 --image-size 320 --seed 7"})
public final class SynthCommand implements Callable<Integer> {

    /** Options of the scene mode only: refused without {@code --scenes}, so a typo cannot go unnoticed. */
    private static final List<String> SCENE_OPTIONS = List.of("--faces", "--image-size", "--face-size");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--images", defaultValue = "1000", description = "Number of images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faces-per-image", defaultValue = "1",
            description = "Without --scenes: faces per image, 1 to 6, never overlapping (default: ${DEFAULT-VALUE}).")
    int facesPerImage;

    @Option(names = "--scenes", description = "Multi-face scenes in three classes, for the dense detector.")
    boolean scenes;

    @Option(names = "--faces", defaultValue = "1-8", paramLabel = "MIN-MAX", converter = IntRangeConverter.class,
            description = "With --scenes: faces per image, within 1-8 (default: ${DEFAULT-VALUE}).")
    IntRange faces;

    @Option(names = "--image-size", defaultValue = "320", paramLabel = "PX|MIN-MAX", converter = IntRangeConverter.class,
            description = "With --scenes: image width and height in pixels, one size or a range each side is drawn from "
                    + "(default: ${DEFAULT-VALUE}).")
    IntRange imageSize;

    @Option(names = "--face-size", defaultValue = "12-200", paramLabel = "MIN-MAX", converter = IntRangeConverter.class,
            description = "With --scenes: head height in pixels, log-uniform (default: ${DEFAULT-VALUE}).")
    IntRange faceSize;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (scenes) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--faces-per-image")) {
                throw ExitException.usage("--faces-per-image is for single-face images; with --scenes use --faces MIN-MAX");
            }
            SyntheticDataset d = new SyntheticSceneGenerator(sceneOptions()).generate();
            out.printf("Wrote %d scenes with %d faces (%d masked, %d unmasked, %d worn incorrectly) to %s in %.1f s "
                    + "(%.0f images/s)%n", d.images(), d.faces(), d.maskedFaces(), d.unmaskedFaces(),
                    d.incorrectlyMaskedFaces(), d.root().toAbsolutePath(), d.millis() / 1000.0, d.imagesPerSecond());
            return 0;
        }
        for (String option : SCENE_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw ExitException.usage(option + " applies to scenes only: add --scenes, or use --faces-per-image");
            }
        }
        SyntheticDataset d = new SyntheticFaceGenerator(singleFaceOptions()).generate();
        out.printf("Wrote %d images (%d masked, %d unmasked faces) to %s in %.1f s (%.0f images/s)%n",
                d.images(), d.maskedFaces(), d.unmaskedFaces(), d.root().toAbsolutePath(), d.millis() / 1000.0,
                d.imagesPerSecond());
        return 0;
    }

    private SyntheticOptions singleFaceOptions() {
        try {
            return SyntheticOptions.builder().images(images).seed(seed).facesPerImage(facesPerImage).outputDir(out).build();
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
    }

    private SceneOptions sceneOptions() {
        try {
            return SceneOptions.builder().images(images).seed(seed).faces(faces).imageSide(imageSize).faceSize(faceSize)
                    .outputDir(out).build();
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
    }
}
