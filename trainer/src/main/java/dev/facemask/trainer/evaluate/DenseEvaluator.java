package dev.facemask.trainer.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionAccumulator;
import dev.facemask.vision.evaluate.DetectionMetrics;
import dev.facemask.vision.evaluate.ImageMatch;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Scores a multi-face model on labelled images the way the field does (VOC AP@0.5 per class, COCO
 * mAP@[.5:.95]), in original-image coordinates: each face is mapped back through the letterbox
 * and clipped to the image, exactly as the streaming job reports it.
 *
 * <pre>{@code
 * DenseEvaluator.Result r = new DenseEvaluator(preprocessor, images -> model.faces(images), 3, 16).run(test);
 * System.out.println(r.metrics().map50());
 * }</pre>
 */
public final class DenseEvaluator {

    private final Preprocessor preprocessor;
    private final Function<List<PreparedImage>, List<List<DetectedFace>>> model;
    private final int classes;
    private final int batchSize;
    private final ClassScoring classScoring;

    /**
     * @param model faces per image, boxes normalised to the padded model input
     * @param classes the model's class count
     */
    public DenseEvaluator(Preprocessor preprocessor, Function<List<PreparedImage>, List<List<DetectedFace>>> model,
            int classes, int batchSize) {
        this(preprocessor, model, classes, batchSize, ClassScoring.DEFAULT);
    }

    /** @param classScoring which class lists a face enters for the APs */
    public DenseEvaluator(Preprocessor preprocessor, Function<List<PreparedImage>, List<List<DetectedFace>>> model,
            int classes, int batchSize, ClassScoring classScoring) {
        this.preprocessor = Objects.requireNonNull(preprocessor, "preprocessor");
        this.model = Objects.requireNonNull(model, "model");
        this.classes = classes;
        this.batchSize = batchSize;
        this.classScoring = Objects.requireNonNull(classScoring, "classScoring");
    }

    /**
     * What an evaluation found.
     *
     * @param metrics APs and counts over every readable image
     * @param anyClass the same with every class taken as one ("face"): how well faces are found and
     *     boxed, whatever class they are given; its gap to {@code metrics} is what the classes cost
     * @param images the images evaluated, in order
     * @param faces the faces reported per image, in original-image coordinates
     * @param matches per image, the VOC matching of faces to truths
     * @param skipped images that could not be read, with reasons
     * @param letterboxes how each image was fitted into the model's input, in the order of {@code images}
     * @param classScoring how {@code metrics} ranked faces in the class lists
     * @param topClass the APs with each face in its top class only: {@code metrics} itself when that is
     *     the scoring, so that a multi-label figure is always shown beside the one a consumer sees
     */
    public record Result(DetectionMetrics metrics, DetectionMetrics anyClass, List<LabeledImage> images, List<List<DetectedFace>> faces,
            List<ImageMatch> matches, List<String> skipped, List<Letterbox> letterboxes, ClassScoring classScoring,
            DetectionMetrics topClass) {

        /** The class each labelled face was given among the faces found whatever their class. */
        public ClassConfusion classConfusion() {
            return ClassConfusion.of(images.stream().map(LabeledImage::annotations).toList(), faces,
                    metrics.perClass().size());
        }

        /** The share of labelled faces found, by their size at the model's input. */
        public RecallBySize recallBySize() {
            return RecallBySize.of(images.stream().map(LabeledImage::annotations).toList(), faces, letterboxes,
                    metrics.perClass().size());
        }
    }

    public Result run(List<LabeledImage> images) {
        DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(classes).classScoring(classScoring)
                .build();
        DetectionAccumulator anyClass = DetectionAccumulator.builder().classCount(1).build();
        DetectionAccumulator topClass = classScoring == ClassScoring.TOP_CLASS ? accumulator
                : DetectionAccumulator.builder().classCount(classes).build();
        List<LabeledImage> done = new ArrayList<>();
        List<List<DetectedFace>> faces = new ArrayList<>();
        List<ImageMatch> matches = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<Letterbox> letterboxes = new ArrayList<>();
        for (int from = 0; from < images.size(); from += batchSize) {
            List<LabeledImage> batch = new ArrayList<>();
            List<PreparedImage> prepared = new ArrayList<>();
            for (LabeledImage image : images.subList(from, Math.min(images.size(), from + batchSize))) {
                try {
                    prepared.add(preprocessor.prepare(ImageFiles.readForModel(image.image(), preprocessor.inputSize())));
                    batch.add(image);
                } catch (IOException | RuntimeException e) {
                    skipped.add(image.image().getFileName() + ": " + e.getMessage());
                }
            }
            if (batch.isEmpty()) {
                continue;
            }
            List<List<DetectedFace>> found = model.apply(prepared);
            for (int i = 0; i < batch.size(); i++) {
                List<DetectedFace> original = toOriginal(found.get(i), prepared.get(i));
                matches.add(accumulator.add(batch.get(i).annotations(), original));
                if (topClass != accumulator) {
                    topClass.add(batch.get(i).annotations(), original);
                }
                anyClass.add(batch.get(i).annotations().stream().map(a -> new Annotation(0, a.box())).toList(),
                        original.stream().map(f -> new DetectedFace(0, f.score(), new float[] {f.score()}, f.box()))
                                .toList());
                faces.add(original);
                done.add(batch.get(i));
                letterboxes.add(prepared.get(i).letterbox());
            }
        }
        DetectionMetrics metrics = accumulator.result();
        return new Result(metrics, anyClass.result(), done, faces, matches, skipped, letterboxes, classScoring,
                topClass == accumulator ? metrics : topClass.result());
    }

    /** Boxes from the padded model input to the original image, clipped to it. */
    public static List<DetectedFace> toOriginal(List<DetectedFace> faces, PreparedImage image) {
        return faces.stream().map(f -> f.withBox(image.letterbox().toOriginal(f.box()).clamp())).toList();
    }
}
