package dev.facemask.vision.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Collects a test set image by image and computes VOC AP@0.5, COCO AP@[.5:.95] and per-image misses
 * and false alarms. An offline evaluation and a stream replay feed it the same way.
 *
 * <pre>{@code
 * DetectionAccumulator accumulator = DetectionAccumulator.builder().classCount(3).operatingScore(0.3).build();
 * for (Frame frame : frames) {
 *     ImageMatch match = accumulator.add(frame.truths(), frame.faces());   // for a grid, if wanted
 * }
 * DetectionMetrics metrics = accumulator.result();
 * }</pre>
 *
 * <p><b>Equal scores.</b> Each class's predictions are ranked by score, best first; equal scores keep
 * the order they were fed in: earlier image first, and within an image the order of its predictions
 * list. AP can depend on that order when a true and a false positive share a score, so replaying a
 * test set in another order can move AP slightly when scores tie across images.
 *
 * <p>Not thread-safe: feed it from one thread, or one per partition and add up the images again.
 */
public final class DetectionAccumulator {

    /** IoU of PASCAL VOC's AP and of the per-image counts. */
    public static final double VOC_IOU = 0.5;

    private final int classCount;
    private final double operatingScore;
    private final ClassScoring classScoring;
    private final double[] cocoThresholds = cocoIouThresholds();
    private final int[] truthsPerClass;
    private final List<List<RankedPrediction>> predictionsPerClass = new ArrayList<>();
    private final List<ImageCounts> images = new ArrayList<>();
    private long fed;

    /**
     * One prediction as ranking needs it.
     *
     * @param order position among all predictions fed, for a stable tie-break
     * @param vocHit claimed a truth at IoU 0.5 with VOC matching
     * @param cocoHits bit k set when it claimed a truth at COCO threshold k with COCO matching
     */
    private record RankedPrediction(float score, long order, boolean vocHit, int cocoHits) {}

    private static final Comparator<RankedPrediction> RANK = Comparator
            .comparingDouble((RankedPrediction p) -> p.score()).reversed()
            .thenComparingLong(RankedPrediction::order);

    private DetectionAccumulator(Builder builder) {
        this.classCount = builder.classCount;
        this.operatingScore = builder.operatingScore;
        this.classScoring = builder.classScoring;
        this.truthsPerClass = new int[classCount];
        for (int c = 0; c < classCount; c++) {
            predictionsPerClass.add(new ArrayList<>());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Matches one image and remembers its predictions for the APs.
     *
     * @param truths labelled faces, boxes in the same frame as the predictions'; empty for an image without faces
     * @param predictions every face the model reported, any order, any score
     * @return the image at IoU 0.5 (VOC matching) and the operating score, as its counts say
     * @throws IllegalArgumentException when a class index is not below the class count or a score is NaN
     */
    public ImageMatch add(List<Annotation> truths, List<DetectedFace> predictions) {
        checkClasses(truths, predictions);
        List<DetectedFace> ranked = classScoring == ClassScoring.EVERY_CLASS ? everyClass(predictions) : predictions;
        ImageMatch voc = FaceMatcher.match(truths, ranked, VOC_IOU, MatchRule.VOC);
        List<ImageMatch> coco = new ArrayList<>(cocoThresholds.length);
        for (double threshold : cocoThresholds) {
            coco.add(FaceMatcher.match(truths, ranked, threshold, MatchRule.COCO));
        }
        // Every match ranks the predictions the same way (stable sort), so index i is one prediction.
        for (int i = 0; i < voc.predictions().size(); i++) {
            MatchedPrediction p = voc.predictions().get(i);
            int cocoHits = 0;
            for (int k = 0; k < coco.size(); k++) {
                cocoHits |= coco.get(k).predictions().get(i).matched() ? 1 << k : 0;
            }
            predictionsPerClass.get(p.face().classId())
                    .add(new RankedPrediction(p.face().score(), fed++, p.matched(), cocoHits));
        }
        for (Annotation truth : truths) {
            truthsPerClass[truth.classId()]++;
        }
        // The counts are of the faces a consumer sees: each once, in its top class.
        ImageMatch shown = (ranked == predictions ? voc : FaceMatcher.match(truths, predictions, VOC_IOU, MatchRule.VOC))
                .atScore(operatingScore);
        images.add(ImageCounts.of(images.size(), shown));
        return shown;
    }

    /** How faces enter the class lists of the APs. */
    public ClassScoring classScoring() {
        return classScoring;
    }

    /**
     * Each face in its own class at its score, then once more in every other class with a score above
     * 0 at that class's score (the same box).
     */
    private List<DetectedFace> everyClass(List<DetectedFace> faces) {
        List<DetectedFace> out = new ArrayList<>(faces.size() * 2);
        for (DetectedFace f : faces) {
            out.add(f);
            float[] scores = f.classScores();
            if (scores.length != classCount) {
                throw new IllegalArgumentException("A prediction has " + scores.length + " class scores but the accumulator"
                        + " was built for " + classCount + " classes; every-class scoring needs one score per class");
            }
            for (int c = 0; c < scores.length; c++) {
                if (c != f.classId() && scores[c] > 0) {
                    out.add(new DetectedFace(c, scores[c], scores, f.box()));
                }
            }
        }
        return out;
    }

    /** The metrics over every image fed so far; feeding may go on afterwards. */
    public DetectionMetrics result() {
        List<ClassDetectionMetrics> perClass = new ArrayList<>(classCount);
        for (int c = 0; c < classCount; c++) {
            perClass.add(classMetrics(c));
        }
        int truths = 0;
        int predictions = 0;
        int truePositives = 0;
        for (ImageCounts image : images) {
            truths += image.truths();
            predictions += image.predictions();
            truePositives += image.truePositives();
        }
        return new DetectionMetrics(perClass, mean(perClass, ClassDetectionMetrics::ap50),
                mean(perClass, ClassDetectionMetrics::ap50to95), operatingScore, images, truths, predictions,
                truePositives, truths - truePositives, predictions - truePositives);
    }

    private ClassDetectionMetrics classMetrics(int classId) {
        List<RankedPrediction> ranked = new ArrayList<>(predictionsPerClass.get(classId));
        ranked.sort(RANK);
        int n = ranked.size();
        float[] scores = new float[n];
        boolean[] vocHits = new boolean[n];
        boolean[][] cocoHits = new boolean[cocoThresholds.length][n];
        for (int i = 0; i < n; i++) {
            RankedPrediction p = ranked.get(i);
            scores[i] = p.score();
            vocHits[i] = p.vocHit();
            for (int k = 0; k < cocoThresholds.length; k++) {
                cocoHits[k][i] = (p.cocoHits() & (1 << k)) != 0;
            }
        }
        int truths = truthsPerClass[classId];
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(vocHits, scores, truths);
        double coco = 0;
        for (boolean[] hits : cocoHits) {
            coco += PrecisionRecallCurve.of(hits, scores, truths).cocoAveragePrecision();
        }
        return new ClassDetectionMetrics(classId, truths, n, curve.allPointAveragePrecision(),
                coco / cocoThresholds.length, curve);
    }

    private static double mean(List<ClassDetectionMetrics> perClass, ToDoubleFunction<ClassDetectionMetrics> ap) {
        return perClass.stream().filter(ClassDetectionMetrics::hasTruths).mapToDouble(ap).average().orElse(0);
    }

    private void checkClasses(List<Annotation> truths, List<DetectedFace> predictions) {
        Objects.requireNonNull(truths, "truths");
        Objects.requireNonNull(predictions, "predictions");
        for (Annotation truth : truths) {
            checkClass(truth.classId(), "A truth");
        }
        for (DetectedFace face : predictions) {
            checkClass(face.classId(), "A prediction");
        }
    }

    private void checkClass(int classId, String what) {
        if (classId >= classCount) {
            throw new IllegalArgumentException(what + " has class " + classId + " but the accumulator was built for "
                    + classCount + " classes; pass the model's class count to classCount()");
        }
    }

    /**
     * COCO's IoU thresholds 0.50, 0.55, ..., 0.95, computed as numpy's {@code linspace(.5, .95, 10)}
     * does ({@code i * step + start}, last one exactly the stop) so that boundary IoUs fall the same way.
     */
    static double[] cocoIouThresholds() {
        double[] thresholds = new double[10];
        double step = (0.95 - 0.5) / 9;
        for (int i = 0; i < 9; i++) {
            thresholds[i] = i * step + 0.5;
        }
        thresholds[9] = 0.95;
        return thresholds;
    }

    /** Settings of a {@link DetectionAccumulator}; {@code classCount} is required. */
    public static final class Builder {

        private int classCount;
        private double operatingScore;
        private ClassScoring classScoring = ClassScoring.TOP_CLASS;

        private Builder() {}

        /** Which class lists a face enters for the APs; default {@link ClassScoring#TOP_CLASS}. */
        public Builder classScoring(ClassScoring classScoring) {
            this.classScoring = Objects.requireNonNull(classScoring, "classScoring");
            return this;
        }

        /** Classes of the model, at least 1; class indices must be below it. */
        public Builder classCount(int classCount) {
            this.classCount = classCount;
            return this;
        }

        /**
         * Score from which a prediction counts in the per-image misses and false alarms, 0..1; default
         * 0 (every prediction fed). APs always use every prediction.
         */
        public Builder operatingScore(double operatingScore) {
            this.operatingScore = operatingScore;
            return this;
        }

        public DetectionAccumulator build() {
            if (classCount < 1) {
                throw new IllegalArgumentException("classCount must be at least 1; pass the model's number of classes");
            }
            if (!(operatingScore >= 0 && operatingScore <= 1)) {
                throw new IllegalArgumentException("operatingScore must be in 0..1, was " + operatingScore);
            }
            return new DetectionAccumulator(this);
        }
    }
}
