package dev.facemask.cli.train;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.model.CentreHeadConverter;
import dev.facemask.trainer.fit.AugmentOptions;
import dev.facemask.trainer.fit.DenseBoxLoss;
import dev.facemask.trainer.fit.OffsetLoss;
import dev.facemask.trainer.fit.TrainingOptions;
import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.pipeline.ClassWeighting;
import dev.facemask.trainer.pipeline.DenseTrainingPipeline;
import dev.facemask.trainer.pipeline.InitialWeights;
import dev.facemask.vision.detect.DecodeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of {@code train} that only the dense multi-face head ({@code detect-*} presets) reads. */
public final class DenseTrainOptions {

    @Option(names = "--augment", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Dense head: random zoom 0.6-1.5 with crop, flips and colour jitter, boxes kept right. Default: on.")
    boolean augment;

    @Option(names = "--centres", paramLabel = "objectness|per-class", converter = CentreHeadConverter.class,
            description = {"Dense head: how faces are scored. objectness: one face heatmap for every class times a"
                    + " class softmax, so finding faces learns from all of them (default).",
                    "per-class: one heatmap per class, as CenterNet."})
    CentreHead centres;

    @Option(names = "--class-branch", paramLabel = "CHANNELS",
            description = "Dense head with objectness centres: the class logits read a 3x3 branch of their own with"
                    + " this many channels, as CenterNet gives each output; 0 reads them from the trunk that the face"
                    + " and box outputs share. Default: 0.")
    Integer classBranch;

    @Option(names = "--offset-loss", paramLabel = "relative|cells", defaultValue = "relative",
            description = {"Dense head: how the box loss weighs an error in a face centre's offset. relative: divided"
                    + " by the face's size in output cells, so a one-cell miss on a large face costs little, as it"
                    + " costs its box little (default).", "cells: in cells, as CenterNet."})
    OffsetLoss offsetLoss;

    @Option(names = "--dense-box-loss", paramLabel = "l1|giou", defaultValue = "l1",
            description = {"Dense head: what the box loss compares. l1: each face's log size and centre offset, one"
                    + " number at a time, as CenterNet (default).", "giou: 1 - GIoU of the box each cell around a"
                    + " centre decodes and the face's box, as TTFNet; --offset-loss does not apply."})
    DenseBoxLoss boxLoss;

    @Option(names = "--ema", paramLabel = "DECAY",
            description = "Dense head: validate and export an exponential moving average of the weights with this"
                    + " decay, 0 for the weights as trained. Default: " + DenseTrainingPipeline.WEIGHT_AVERAGE_DECAY + ".")
    Double ema;

    @Option(names = "--mosaic", paramLabel = "P", defaultValue = "0",
            description = "Dense head: probability of tiling four images into one. Default: ${DEFAULT-VALUE}.")
    double mosaic;

    @Option(names = "--copy-paste", paramLabel = "P", defaultValue = "0",
            description = "Dense head: probability of pasting 1-3 faces cut from other training images into an image,"
                    + " rescaled 0.5-2x at free places, each class's faces as often as any other's (copy-paste)."
                    + " Default: ${DEFAULT-VALUE}.")
    double copyPaste;

    @Option(names = "--class-weights", paramLabel = "none|balanced|W,W,..", defaultValue = "none",
            description = "Dense head: weight of each class in the heatmap loss. Default: ${DEFAULT-VALUE}.")
    String classWeights;

    @Option(names = "--class-weighted-faces",
            description = "Dense head with objectness centres and --class-weights: the face heatmap's loss around each"
                    + " face is weighted by its class's weight too, so that a rare class's faces count more in learning"
                    + " where faces are (without it the weights reach only the class softmax). Default: off.")
    boolean classWeightedFaces;

    @Option(names = "--init-from", paramLabel = "MODEL_DIR",
            description = "Start from another trained model's backbone weights (same backbone: seed with detect-seed,"
                    + " small with detect-small, tiny with detect-tiny, or any detect-* model of the same preset).")
    Path initFrom;

    @Option(names = "--top-k", defaultValue = "100", description = "Dense head: at most this many faces per image. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--score-threshold", defaultValue = "0.1",
            description = "Dense head: lowest centre score reported as a face. Default: ${DEFAULT-VALUE}.")
    float scoreThreshold;

    @Option(names = "--nms-iou", defaultValue = "0.4",
            description = "Dense head: drop a face overlapping a stronger one by this IoU (1 = off). Default: ${DEFAULT-VALUE}.")
    double nmsIou;

    @Option(names = "--nms-containment", paramLabel = "SHARE", defaultValue = "1",
            description = "Dense head: drop a face with this share of its area inside a stronger face's box, whatever"
                    + " their IoU (faces do not nest; 1 = off). Default: ${DEFAULT-VALUE}.")
    double nmsContainment;

    @Option(names = "--vote-radius", paramLabel = "CELLS", defaultValue = "1",
            description = "Dense head: a face's box is the score-weighted average of the boxes decoded within this many"
                    + " cells of its peak (box voting; 0 = the peak's box alone). Default: ${DEFAULT-VALUE}.")
    int voteRadius;

    @Option(names = "--flip-test",
            description = "Dense head: the exported model also looks at each image mirrored and averages both passes'"
                    + " centre scores and sizes (CenterNet's flip test), in evaluate, replay and the job alike; twice"
                    + " the model's work per frame. Default: off.")
    boolean flipTest;

    /** The pipeline these options and the common ones describe. */
    DenseTrainingPipeline pipeline(Path data, Path out, ModelConfig.Builder model, TrainingOptions options,
            long splitSeed) throws IOException {
        DenseTrainingPipeline.Builder b;
        try {
            AugmentOptions a = AugmentOptions.DEFAULTS.withEnabled(augment).withMosaic(mosaic).withCopyPaste(copyPaste);
            ModelConfig.Builder m = centres == null ? model : model.centreHead(centres);
            if (classBranch != null) {
                m.classBranch(classBranch).build(); // refuses a branch the head cannot take, before the data loads
            }
            ClassWeighting weighting = ClassWeighting.parse(classWeights);
            if (classWeightedFaces) {
                requireFaceWeighting(weighting, m.build().centreHead());
            }
            b = DenseTrainingPipeline.builder(data, out).model(m).options(options).augment(a)
                    .decode(new DecodeOptions(topK, scoreThreshold, nmsIou, nmsContainment, voteRadius, flipTest))
                    .classWeighting(weighting).splitSeed(splitSeed);
        } catch (IllegalArgumentException e) {
            throw ExitException.usage(e.getMessage());
        }
        initialWeights().ifPresent(b::initialWeights);
        return b.build();
    }

    private static void requireFaceWeighting(ClassWeighting weighting, CentreHead head) {
        if (weighting == ClassWeighting.NONE) {
            throw new IllegalArgumentException("--class-weighted-faces needs --class-weights (balanced or W,W,..)");
        }
        if (head != CentreHead.OBJECTNESS) {
            throw new IllegalArgumentException("--class-weighted-faces is for the objectness centre head; per-class"
                    + " heatmaps take --class-weights themselves");
        }
    }

    /** The backbone of {@code --init-from}, for either head; empty without the option. */
    Optional<ModelWeights> initialWeights() throws IOException {
        return initFrom == null ? Optional.empty() : Optional.of(InitialWeights.backboneOf(initFrom));
    }

}
