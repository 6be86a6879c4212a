package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies {@link AugmentOptions} to one square HWC float image and its faces: a random zoom and
 * shift (bilinear, zero fill like the letterbox padding), a horizontal flip, colour jitter, and
 * optionally a 2x2 mosaic of four images and faces pasted from other images ({@link FaceCopyPaste}).
 */
final class DenseAugmenter {

    /** A face narrower or shorter than this many input pixels after a transform is no target. */
    private static final double MIN_SIDE_PIXELS = 2;

    private final AugmentOptions options;
    private final int side;
    private final int channels;
    private final FaceCopyPaste copyPaste;
    private final BilinearSampler sampler;

    DenseAugmenter(AugmentOptions options, int side, int channels) {
        this(options, side, channels, List.of());
    }

    /** An augmenter whose copy-paste cuts its faces from {@code donors} (the training examples). */
    DenseAugmenter(AugmentOptions options, int side, int channels, List<DenseExample> donors) {
        this.options = options;
        this.side = side;
        this.channels = channels;
        this.sampler = new BilinearSampler(side, channels);
        this.copyPaste = FaceCopyPaste.of(options.copyPaste() > 0 ? donors : List.of(), side, channels);
    }

    /** An augmented image with its faces. */
    record Augmented(float[] pixels, List<Annotation> faces) {}

    /** Augments {@code example}; {@code mosaicPartners} supplies three more images when a mosaic is drawn. */
    Augmented apply(DenseExample example, SplittableRandom random, java.util.function.Supplier<List<DenseExample>> mosaicPartners) {
        if (!options.enabled()) {
            return new Augmented(example.image().pixels(), example.faces());
        }
        // Pasting comes first, so that the zoom, flip and colour jitter treat pasted faces as the photo's own.
        DenseExample base = options.copyPaste() > 0 && random.nextDouble() < options.copyPaste()
                ? pasted(example, random)
                : example;
        Augmented a = options.mosaic() > 0 && random.nextDouble() < options.mosaic()
                ? mosaic(base, mosaicPartners.get(), random)
                : zoom(base.image().pixels(), base.faces(), random);
        if (options.flip() && random.nextBoolean()) {
            a = flip(a);
        }
        jitterColour(a.pixels(), random);
        return a;
    }

    private DenseExample pasted(DenseExample example, SplittableRandom random) {
        PreparedImage image = example.image();
        Augmented a = copyPaste.paste(image.pixels(), example.faces(), image.letterbox(), random);
        return new DenseExample(new PreparedImage(a.pixels(), image.letterbox(), image.channels()), a.faces());
    }

    /** dst(x, y) = src((x - tx) / s, (y - ty) / s) with s in [minScale, maxScale] and a random shift. */
    private Augmented zoom(float[] src, List<Annotation> faces, SplittableRandom random) {
        double s = options.minScale() + random.nextDouble() * (options.maxScale() - options.minScale());
        double slack = side - s * side;  // negative when zooming in
        double tx = random.nextDouble() * slack;
        double ty = random.nextDouble() * slack;
        float[] dst = new float[src.length];
        warp(src, dst, 0, 0, side, s, tx, ty);
        return new Augmented(dst, moveFaces(faces, s, tx / side, ty / side));
    }

    /** Four images at half size in the quadrants: this one top-left, the partners clockwise. */
    private Augmented mosaic(DenseExample first, List<DenseExample> partners, SplittableRandom random) {
        float[] dst = new float[side * side * channels];
        List<Annotation> faces = new ArrayList<>();
        List<DenseExample> tiles = new ArrayList<>();
        tiles.add(first);
        tiles.addAll(partners.subList(0, Math.min(3, partners.size())));
        int half = side / 2;
        for (int q = 0; q < tiles.size(); q++) {
            int ox = (q % 2) * half;
            int oy = (q / 2) * half;
            warp(tiles.get(q).image().pixels(), dst, ox, oy, half, 0.5, ox, oy);
            faces.addAll(moveFaces(tiles.get(q).faces(), 0.5, (double) ox / side, (double) oy / side));
        }
        return new Augmented(dst, faces);
    }

    /** Fills the {@code extent x extent} window at (ox, oy) of dst by inverse-mapping into src, bilinearly. */
    private void warp(float[] src, float[] dst, int ox, int oy, int extent, double s, double tx, double ty) {
        for (int y = oy; y < oy + extent; y++) {
            double sy = (y + 0.5 - ty) / s - 0.5;
            for (int x = ox; x < ox + extent; x++) {
                double sx = (x + 0.5 - tx) / s - 0.5;
                sample(src, sx, sy, dst, (y * side + x) * channels);
            }
        }
    }

    private void sample(float[] src, double sx, double sy, float[] dst, int to) {
        if (sx < -0.5 || sy < -0.5 || sx > side - 0.5 || sy > side - 0.5) {
            return;  // outside the source: zero, as the letterbox pads
        }
        sampler.sample(src, sx, sy, dst, to);
    }

    /** Boxes scaled by s and shifted by (dx, dy) in normalised units, clipped; mostly cut faces dropped. */
    private List<Annotation> moveFaces(List<Annotation> faces, double s, double dx, double dy) {
        List<Annotation> out = new ArrayList<>(faces.size());
        for (Annotation f : faces) {
            Box b = f.box();
            Box moved = new Box(b.xMin() * s + dx, b.yMin() * s + dy, b.xMax() * s + dx, b.yMax() * s + dy);
            Box clipped = moved.clamp();
            if (clipped.area() >= AugmentOptions.MIN_VISIBLE * moved.area()
                    && clipped.width() * side >= MIN_SIDE_PIXELS && clipped.height() * side >= MIN_SIDE_PIXELS) {
                out.add(new Annotation(f.classId(), clipped));
            }
        }
        return out;
    }

    private Augmented flip(Augmented a) {
        float[] src = a.pixels();
        float[] dst = new float[src.length];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                System.arraycopy(src, (y * side + side - 1 - x) * channels, dst, (y * side + x) * channels, channels);
            }
        }
        List<Annotation> faces = a.faces().stream().map(f -> new Annotation(f.classId(), f.box().flipHorizontal())).toList();
        return new Augmented(dst, faces);
    }

    /** Brightness and contrast on every channel, saturation as a blend with the per-pixel grey; clipped to 0..1. */
    private void jitterColour(float[] pixels, SplittableRandom random) {
        double gain = 1 + (random.nextDouble() * 2 - 1) * options.brightness();
        double contrast = 1 + (random.nextDouble() * 2 - 1) * options.contrast();
        double saturation = 1 + (random.nextDouble() * 2 - 1) * options.saturation();
        if (gain == 1 && contrast == 1 && saturation == 1) {
            return;
        }
        double mean = 0;
        for (float p : pixels) {
            mean += p;
        }
        mean /= pixels.length;
        for (int i = 0; i < pixels.length; i += channels) {
            double grey = 0;
            for (int c = 0; c < channels; c++) {
                grey += pixels[i + c];
            }
            grey /= channels;
            for (int c = 0; c < channels; c++) {
                double v = grey + (pixels[i + c] - grey) * saturation;
                v = (v * gain - mean) * contrast + mean;
                pixels[i + c] = (float) Math.max(0, Math.min(1, v));
            }
        }
    }
}
