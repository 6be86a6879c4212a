package dev.facemask.trainer.pipeline;

import dev.facemask.trainer.evaluate.LabeledSample;
import dev.facemask.vision.dataset.DatasetScan;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.dataset.Split;
import dev.facemask.vision.dataset.SplitManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset opened for training, evaluation or replay: its scan and its split manifest, created on
 * first use, so all three see the same images. Only single-face images are split: the model
 * predicts one box.
 */
public record DatasetSplits(DatasetScan scan, SplitManifest manifest) {

    public static final long DEFAULT_SPLIT_SEED = 42;

    /**
     * Opens a dataset folder or an {@code archive.zip} (unpacked beside it).
     *
     * @throws IllegalArgumentException when the dataset has no single-face image
     */
    public static DatasetSplits open(Path data, long splitSeed) throws IOException {
        DatasetScan scan = Datasets.open(data);
        if (scan.singleObject().isEmpty()) {
            throw new IllegalArgumentException("Dataset " + data + " has no usable single-face image ("
                    + scan.valid().size() + " valid images, " + scan.dropped().size() + " dropped): "
                    + "check it with `./detector data inspect " + data + "`");
        }
        return new DatasetSplits(scan, SplitManifest.loadOrCreate(scan, splitSeed));
    }

    /**
     * Opens a dataset for the dense head: every valid image, single- or multi-face, split by its
     * own manifest ({@link SplitManifest#ALL_FACES_FILE_NAME}).
     *
     * @throws IllegalArgumentException when the dataset has no valid image
     */
    public static DatasetSplits openAllFaces(Path data, long splitSeed) throws IOException {
        DatasetScan scan = Datasets.open(data);
        if (scan.valid().isEmpty()) {
            throw new IllegalArgumentException("Dataset " + data + " has no usable annotated image ("
                    + scan.dropped().size() + " files dropped): check it with `./detector data inspect " + data + "`");
        }
        return new DatasetSplits(scan, SplitManifest.loadOrCreateAllFaces(scan, splitSeed));
    }

    /** @throws IllegalArgumentException when the split has no image */
    public List<LabeledImage> images(Split split) {
        List<LabeledImage> images = manifest.images(split, scan);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("The " + split.name().toLowerCase() + " split of " + scan.root()
                    + " has no image (" + scan.singleObject().size() + " single-face images in all)");
        }
        return images;
    }

    /** A split's images as evaluation samples: path, class and the box in original-image coordinates. */
    public List<LabeledSample> samples(Split split) {
        return images(split).stream()
                .map(i -> new LabeledSample(i.image(), i.single().classId(), i.single().box()))
                .toList();
    }

    /** Valid images left out because they show more than one face. */
    public int multiFaceImagesLeftOut() {
        return scan.valid().size() - scan.singleObject().size();
    }

    public List<String> classNames() {
        return scan.classNames();
    }
}
