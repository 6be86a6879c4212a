package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Copy-paste augmentation for the dense head (after Ghiasi et al., "Simple Copy-Paste is a Strong
 * Data-Augmentation Method", 2021, with boxes in place of masks): faces cut from other training
 * images are pasted, rescaled, at free places of an image, and become targets there.
 *
 * <p>Why: trained from scratch on a few hundred photos, the head misses the rare classes' faces and
 * the small ones rather than misnaming them. Pasting gives it more faces of every class, at more
 * sizes and places, than the photos hold. The donor's class is drawn uniformly over the classes
 * that have donors, so a rare class is pasted as often as a common one (class-balanced, as LVIS's
 * repeat-factor sampling balances images). A pasted face never covers a labelled one: its place is
 * drawn again until it overlaps no face, or the paste is skipped. The face's box is pasted whole, and
 * a margin of context around it fades into the image, so no hard rectangle edge marks a pasted face.
 */
final class FaceCopyPaste {

    /** Most faces pasted into one image. */
    static final int MAX_PASTES = 3;
    /** A donor face narrower or shorter than this many input pixels is too blurred to enlarge. */
    static final double MIN_DONOR_PIXELS = 6;
    /** Smallest side of a pasted face, in input pixels. */
    static final double MIN_PASTED_PIXELS = 4;
    /** Context pasted around the face on each side, as a share of its width or height; it fades out. */
    static final double CONTEXT = 0.25;
    /** A pasted face is rescaled by a factor drawn log-uniformly from [1 / RESCALE, RESCALE]. */
    static final double RESCALE = 2;
    private static final int PLACE_TRIES = 10;

    /** A face that can be pasted, with the image it is cut from. */
    record Donor(float[] pixels, Box face, int classId) {}

    private final List<List<Donor>> donorsByClass;
    private final int side;
    private final int channels;
    private final BilinearSampler sampler;

    private FaceCopyPaste(List<List<Donor>> donorsByClass, int side, int channels) {
        this.donorsByClass = donorsByClass;
        this.side = side;
        this.channels = channels;
        this.sampler = new BilinearSampler(side, channels);
    }

    /** The donors of {@code examples}: every face wholly inside its image and large enough to rescale. */
    static FaceCopyPaste of(List<DenseExample> examples, int side, int channels) {
        List<List<Donor>> byClass = new ArrayList<>();
        for (DenseExample e : examples) {
            for (Annotation f : e.faces()) {
                Box b = f.box();
                boolean inside = b.xMin() >= 0 && b.yMin() >= 0 && b.xMax() <= 1 && b.yMax() <= 1;
                if (!inside || b.width() * side < MIN_DONOR_PIXELS || b.height() * side < MIN_DONOR_PIXELS) {
                    continue;
                }
                while (byClass.size() <= f.classId()) {
                    byClass.add(new ArrayList<>());
                }
                byClass.get(f.classId()).add(new Donor(e.image().pixels(), b, f.classId()));
            }
        }
        byClass.removeIf(List::isEmpty);
        return new FaceCopyPaste(byClass, side, channels);
    }

    /** Number of donor faces. */
    int donorCount() {
        return donorsByClass.stream().mapToInt(List::size).sum();
    }

    /**
     * Pastes 1 to {@link #MAX_PASTES} donor faces into a copy of {@code pixels}, inside the letterboxed
     * photo's area, and returns it with {@code faces} and the pasted faces.
     */
    DenseAugmenter.Augmented paste(float[] pixels, List<Annotation> faces, Letterbox letterbox,
            SplittableRandom random) {
        List<Annotation> out = new ArrayList<>(faces);
        if (donorsByClass.isEmpty()) {
            return new DenseAugmenter.Augmented(pixels, out);
        }
        float[] dst = pixels.clone();
        double width = (double) Math.min(side, letterbox.scaledWidth()) / side;
        double height = (double) Math.min(side, letterbox.scaledHeight()) / side;
        int pastes = 1 + random.nextInt(MAX_PASTES);
        for (int p = 0; p < pastes; p++) {
            List<Donor> donors = donorsByClass.get(random.nextInt(donorsByClass.size()));
            Donor donor = donors.get(random.nextInt(donors.size()));
            Box placed = place(donor.face(), out, width, height, random);
            if (placed != null) {
                blend(donor, placed, dst);
                out.add(new Annotation(donor.classId(), placed));
            }
        }
        return new DenseAugmenter.Augmented(dst, out);
    }

    /** A free place for the rescaled face inside width x height, or null when none was found. */
    private Box place(Box face, List<Annotation> taken, double width, double height, SplittableRandom random) {
        double scale = Math.exp((random.nextDouble() * 2 - 1) * Math.log(RESCALE));
        double w = face.width() * scale;
        double h = face.height() * scale;
        double grow = Math.max(MIN_PASTED_PIXELS / side / w, MIN_PASTED_PIXELS / side / h);
        if (grow > 1) {
            w *= grow;
            h *= grow;
        }
        double mx = w * CONTEXT;
        double my = h * CONTEXT;
        if (w + 2 * mx > width || h + 2 * my > height) {
            return null;
        }
        for (int t = 0; t < PLACE_TRIES; t++) {
            double x = mx + random.nextDouble() * (width - w - 2 * mx);
            double y = my + random.nextDouble() * (height - h - 2 * my);
            Box candidate = new Box(x, y, x + w, y + h);
            Box patch = new Box(x - mx, y - my, x + w + mx, y + h + my);
            if (taken.stream().noneMatch(a -> patch.shareInside(a.box()) > 0)) {
                return candidate;
            }
        }
        return null;
    }

    /** Draws the donor's face and its fading context over {@code placed}, bilinearly resampled. */
    private void blend(Donor donor, Box placed, float[] dst) {
        Box from = donor.face();
        double sx = from.width() / placed.width();
        double sy = from.height() / placed.height();
        double mx = placed.width() * CONTEXT;
        double my = placed.height() * CONTEXT;
        int x0 = Math.max(0, (int) Math.floor((placed.xMin() - mx) * side));
        int x1 = Math.min(side, (int) Math.ceil((placed.xMax() + mx) * side));
        int y0 = Math.max(0, (int) Math.floor((placed.yMin() - my) * side));
        int y1 = Math.min(side, (int) Math.ceil((placed.yMax() + my) * side));
        float[] src = donor.pixels();
        float[] value = new float[channels];
        for (int y = y0; y < y1; y++) {
            double v = (y + 0.5) / side;
            double ay = fade(v, placed.yMin(), placed.yMax(), my);
            for (int x = x0; x < x1; x++) {
                double u = (x + 0.5) / side;
                double alpha = Math.min(ay, fade(u, placed.xMin(), placed.xMax(), mx));
                if (alpha <= 0) {
                    continue;
                }
                double srcX = (from.xMin() + (u - placed.xMin()) * sx) * side - 0.5;
                double srcY = (from.yMin() + (v - placed.yMin()) * sy) * side - 0.5;
                int to = (y * side + x) * channels;
                sampler.sample(src, srcX, srcY, value, 0);
                for (int c = 0; c < channels; c++) {
                    dst[to + c] = (float) (alpha * value[c] + (1 - alpha) * dst[to + c]);
                }
            }
        }
    }

    /** 1 inside [lo, hi], falling linearly to 0 over {@code margin} outside it. */
    private static double fade(double t, double lo, double hi, double margin) {
        double outside = t < lo ? lo - t : t > hi ? t - hi : 0;
        return margin <= 0 ? (outside > 0 ? 0 : 1) : Math.max(0, 1 - outside / margin);
    }
}
