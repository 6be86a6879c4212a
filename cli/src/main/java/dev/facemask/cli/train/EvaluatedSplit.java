package dev.facemask.cli.train;

import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.trainer.pipeline.DatasetSplits;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.dataset.Split;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The model and the labelled split a command evaluates it on: {@code evaluate}, {@code bench precision}. */
public final class EvaluatedSplit {

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "Model folder written by `train`.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR|archive.zip", description = "The dataset the model was trained on.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "train | val | test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--split-seed", defaultValue = "" + DatasetSplits.DEFAULT_SPLIT_SEED, description = "Seed of the split. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    public Path model() {
        return model;
    }

    public Path data() {
        return data;
    }

    /** The split's name as typed. */
    public String splitName() {
        return split;
    }

    /** @throws dev.facemask.cli.exit.ExitException for a name other than train, val or test */
    public Split split() {
        return SplitNames.parse(split);
    }

    /** One face per image, for single-head models. */
    public List<LabeledSample> samples() throws IOException {
        return DatasetSplits.open(data, splitSeed).samples(split());
    }

    /** The split's photos that show more than one face (of the every-face split), for {@code --face-crops}. */
    public List<LabeledImage> multiFacePhotos() throws IOException {
        return allFaces().stream().filter(i -> !i.isSingleObject()).toList();
    }

    public long splitSeed() {
        return splitSeed;
    }

    /** Every face of every image, for dense (detect-*) models. */
    public List<LabeledImage> allFaces() throws IOException {
        return DatasetSplits.openAllFaces(data, splitSeed).images(split());
    }
}
