package dev.facemask.trainer.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The share of labelled faces found, by the face's size as the model sees it: the side of a square
 * of the face's area in the model's input pixels (a heatmap cell is 4 of them). COCO splits AP into
 * small, medium and large faces in the photo's own pixels; what decides whether a CenterNet-style
 * head can find a face is how many cells it covers after the letterbox, so that is the scale here.
 * It says whether missed faces are the small ones (then a larger {@code --input-size} at training is
 * worth its cost) or are missed at every size (then more or better-labelled data is).
 *
 * <p>Faces are matched as {@link ClassConfusion} matches them (class ignored, IoU 0.5).
 *
 * @param edges the buckets' lower edges in model-input pixels, ascending, the first 0; the last bucket is open
 * @param labelled {@code labelled[bucket][class]}, labelled faces
 * @param found {@code found[bucket][class]}, those a reported face found
 */
public record RecallBySize(int[] edges, int[][] labelled, int[][] found) {

    /** Lower edges of the default buckets: under 2 heatmap cells, 2-4, 4-8, 8-16, 16-32, 32 and more. */
    public static final int[] EDGES = {0, 8, 16, 32, 64, 128};

    /**
     * @param truths labelled faces per image, boxes normalised to the original image
     * @param faces reported faces per image, in the same coordinates and order of images
     * @param letterboxes how each image was fitted into the model's input
     */
    public static RecallBySize of(List<List<Annotation>> truths, List<List<DetectedFace>> faces,
            List<Letterbox> letterboxes, int classes) {
        FaceMatching.checkSameImages(truths, faces, "faces");
        FaceMatching.checkSameImages(truths, letterboxes, "letterboxes");
        int[][] labelled = new int[EDGES.length][classes];
        int[][] found = new int[EDGES.length][classes];
        for (int i = 0; i < truths.size(); i++) {
            List<Annotation> image = truths.get(i);
            int[] finder = FaceMatching.finders(image, faces.get(i));
            Letterbox lb = letterboxes.get(i);
            for (int t = 0; t < image.size(); t++) {
                Annotation a = image.get(t);
                double side = Math.sqrt(a.box().width() * lb.originalWidth() * a.box().height() * lb.originalHeight())
                        * lb.scale();
                int bucket = bucketOf(side);
                labelled[bucket][a.classId()]++;
                if (finder[t] >= 0) {
                    found[bucket][a.classId()]++;
                }
            }
        }
        return new RecallBySize(EDGES.clone(), labelled, found);
    }

    private static int bucketOf(double side) {
        int bucket = 0;
        while (bucket + 1 < EDGES.length && side >= EDGES[bucket + 1]) {
            bucket++;
        }
        return bucket;
    }

    /** A bucket's range, such as {@code 8-16 px} or {@code 128+ px}. */
    public String range(int bucket) {
        return bucket + 1 < edges.length ? edges[bucket] + "-" + edges[bucket + 1] + " px" : edges[bucket] + "+ px";
    }

    /** Labelled faces of every class in {@code bucket}. */
    public int labelledIn(int bucket) {
        return sum(labelled[bucket]);
    }

    /** Found faces of every class in {@code bucket}. */
    public int foundIn(int bucket) {
        return sum(found[bucket]);
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }

    /** Buckets as Markdown: faces found of those labelled, overall and per class; empty buckets left out. */
    public String markdown(List<String> names) {
        StringBuilder md = new StringBuilder("| face side at the model's input | found of labelled | recall |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(names.size())).append('\n');
        for (int b = 0; b < edges.length; b++) {
            if (labelledIn(b) == 0) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d of %d | %.3f |", range(b), foundIn(b), labelledIn(b),
                    (double) foundIn(b) / labelledIn(b)));
            for (int c = 0; c < names.size(); c++) {
                md.append(' ').append(labelled[b][c] == 0 ? "-" : found[b][c] + " of " + labelled[b][c]).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Console lines, one per bucket that holds a labelled face. */
    public String lines(List<String> names) {
        StringBuilder s = new StringBuilder("  faces found by their size at the model's input (IoU 0.5, class ignored):");
        for (int b = 0; b < edges.length; b++) {
            if (labelledIn(b) == 0) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "%n    %-10s %d of %d (%.3f)", range(b) + ":", foundIn(b), labelledIn(b),
                    (double) foundIn(b) / labelledIn(b)));
            List<String> perClass = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                if (labelled[b][c] > 0) {
                    perClass.add(names.get(c) + " " + found[b][c] + " of " + labelled[b][c]);
                }
            }
            s.append(": ").append(String.join(", ", perClass));
        }
        return s.toString();
    }
}
