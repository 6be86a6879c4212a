package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.trainer.pipeline.FaceCropOptions;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --face-crops} and its smallest face, shared by {@code train} and {@code evaluate}. */
public final class FaceCropArgs {

    @Option(names = "--face-crop-min-size", paramLabel = "PIXELS", defaultValue = "" + 32,
            description = "With --face-crops: the smallest face to crop, its longer side in the photo's pixels."
                    + " Default: ${DEFAULT-VALUE}.")
    int minSize;

    /**
     * The crop options when {@code on}, else empty.
     *
     * @throws ExitException naming {@code --face-crop-min-size} when it is out of range
     */
    Optional<FaceCropOptions> options(boolean on) {
        if (!on) {
            return Optional.empty();
        }
        try {
            return Optional.of(FaceCropOptions.DEFAULTS.withMinFacePixels(minSize));
        } catch (IllegalArgumentException e) {
            throw ExitException.usage("--face-crop-min-size: " + e.getMessage());
        }
    }
}
