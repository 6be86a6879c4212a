package dev.facemask.trainer.evaluate;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.DetectedFace;
import java.util.List;
import java.util.Locale;

/**
 * Which class each labelled face was given, among the faces a model found whatever their class: a
 * confusion matrix with a column for the faces it missed. mAP mixes finding a face with naming its
 * class; this table tells the two apart, so a user sees whether a low AP for "no-mask" means unmasked
 * faces go unseen or are seen and called "mask".
 *
 * <p>Faces are matched as VOC matches them, with the class ignored: reported faces from the highest
 * score down, each taking the unmatched labelled face it overlaps most, at IoU 0.5 or more.
 *
 * <pre>{@code
 * ClassConfusion c = ClassConfusion.of(annotationsPerImage, facesPerImage, 3);
 * int unmaskedCalledMasked = c.counts()[1][0];
 * }</pre>
 *
 * @param counts {@code counts[truth][reported]}, faces found at IoU 0.5 and the class they were given
 * @param missed per true class, the labelled faces no reported face found
 */
public record ClassConfusion(int[][] counts, int[] missed) {

    /** The IoU from which a reported face finds a labelled one, as in VOC AP@0.5. */
    public static final double IOU = FaceMatching.IOU;

    /**
     * @param truths labelled faces per image
     * @param faces reported faces per image, in the same coordinates and the same order of images
     * @param classes the model's class count; every class id must be below it
     */
    public static ClassConfusion of(List<List<Annotation>> truths, List<List<DetectedFace>> faces, int classes) {
        FaceMatching.checkSameImages(truths, faces, "faces");
        int[][] counts = new int[classes][classes];
        int[] missed = new int[classes];
        for (int i = 0; i < truths.size(); i++) {
            List<Annotation> labelled = truths.get(i);
            int[] finder = FaceMatching.finders(labelled, faces.get(i));
            for (int t = 0; t < labelled.size(); t++) {
                if (finder[t] < 0) {
                    missed[labelled.get(t).classId()]++;
                } else {
                    counts[labelled.get(t).classId()][faces.get(i).get(finder[t]).classId()]++;
                }
            }
        }
        return new ClassConfusion(counts, missed);
    }

    /** Faces of class {@code truth} found and given their own class, over those found at all; NaN if none. */
    public double accuracyOfFound(int truth) {
        int found = 0;
        for (int c : counts[truth]) {
            found += c;
        }
        return found == 0 ? Double.NaN : (double) counts[truth][truth] / found;
    }

    /**
     * The matrix as Markdown, one row per true class and a column per class given plus "missed".
     *
     * @param names class names by index
     */
    public String markdown(List<String> names) {
        StringBuilder md = new StringBuilder("| labelled \\ given |");
        names.forEach(n -> md.append(' ').append(n).append(" |"));
        md.append(" missed | right class when found |\n|---|");
        md.append("---|".repeat(names.size() + 2)).append('\n');
        for (int t = 0; t < counts.length; t++) {
            md.append("| ").append(names.get(t)).append(" |");
            for (int count : counts[t]) {
                md.append(' ').append(count).append(" |");
            }
            double share = accuracyOfFound(t);
            md.append(' ').append(missed[t]).append(" | ")
                    .append(Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.3f", share)).append(" |\n");
        }
        return md.toString();
    }

    /** Console lines: for each true class, how its found faces were named and how many were missed. */
    public String lines(List<String> names) {
        StringBuilder s = new StringBuilder("  classes given to the faces found (IoU 0.5, class ignored):");
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format(Locale.ROOT, "%n    %s:", names.get(t)));
            for (int c = 0; c < counts[t].length; c++) {
                s.append(String.format(Locale.ROOT, " %d as %s,", counts[t][c], names.get(c)));
            }
            s.append(String.format(Locale.ROOT, " %d missed", missed[t]));
        }
        return s.toString();
    }
}
