package dev.facemask.trainer.pipeline;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.geometry.Box;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Cuts a single-face image around one face of a multi-face photo, for the single-face heads
 * ({@code train --face-crops}). The seed's heads predict one box an image, so they otherwise train
 * on single-face photos only: on a crowd dataset most faces, and most of the rarer classes' faces,
 * are never seen. A crop shows one face at a size drawn as {@link FaceCropOptions} say, placed off
 * centre at random, with no more than a sliver of any other face.
 */
public final class FaceCropper {

    private final FaceCropOptions options;

    public FaceCropper(FaceCropOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options this cropper cuts with. */
    public FaceCropOptions options() {
        return options;
    }

    /** A crop and its one face, the box normalised to the crop. */
    public record Crop(BufferedImage image, Annotation face) {}

    /** A crop window in a photo's pixels: {@code [x, x + width) x [y, y + height)}. */
    public record Window(int x, int y, int width, int height) {

        Box normalised(int imageWidth, int imageHeight) {
            return new Box((double) x / imageWidth, (double) y / imageHeight, (double) (x + width) / imageWidth,
                    (double) (y + height) / imageHeight);
        }
    }

    /** Receives each crop, with the photo it was cut from. */
    @FunctionalInterface
    public interface CropSink {
        void accept(LabeledImage photo, Crop crop) throws IOException;
    }

    /**
     * Crops every face of every photo that the options accept, in order, drawing from one
     * {@code Random(seed)} so that a run is repeatable.
     *
     * @param afterPhoto runs after each photo, read or not (a progress bar's step)
     * @return the photos that could not be read or cropped, each with its reason
     */
    public List<String> cropAll(List<LabeledImage> photos, long seed, CropSink sink, Runnable afterPhoto) {
        List<String> skipped = new ArrayList<>();
        Random random = new Random(seed);
        for (LabeledImage photo : photos) {
            try {
                BufferedImage pixels = ImageFiles.read(photo.image());
                for (int i = 0; i < photo.annotations().size(); i++) {
                    Optional<Crop> crop = crop(pixels, photo.annotations(), i, random);
                    if (crop.isPresent()) {
                        sink.accept(photo, crop.get());
                    }
                }
            } catch (IOException | RuntimeException e) {
                skipped.add(photo.image().getFileName() + ": " + e.getMessage());
            }
            afterPhoto.run();
        }
        return skipped;
    }

    /**
     * The crop around {@code faces.get(index)}, or empty when the face is too small or every window
     * up to the tightest holds too much of another face.
     */
    public Optional<Crop> crop(BufferedImage image, List<Annotation> faces, int index, Random random) {
        return window(faces, index, image.getWidth(), image.getHeight(), random).map(w -> {
            Box face = faces.get(index).box();
            // Face corners in the crop's own 0..1 frame: the same pixels, measured from its corner.
            Box inCrop = new Box(clamp01((face.xMin() * image.getWidth() - w.x()) / w.width()),
                    clamp01((face.yMin() * image.getHeight() - w.y()) / w.height()),
                    clamp01((face.xMax() * image.getWidth() - w.x()) / w.width()),
                    clamp01((face.yMax() * image.getHeight() - w.y()) / w.height()));
            BufferedImage pixels = copy(image.getSubimage(w.x(), w.y(), w.width(), w.height()));
            return new Crop(pixels, new Annotation(faces.get(index).classId(), inCrop));
        });
    }

    /**
     * The window of {@link #crop}, without touching pixels.
     *
     * @param width the photo's width in pixels, as the faces' normalised boxes are measured against it
     */
    public Optional<Window> window(List<Annotation> faces, int index, int width, int height, Random random) {
        Box face = faces.get(index).box();
        double faceW = face.width() * width;
        double faceH = face.height() * height;
        double side = Math.max(faceW, faceH);
        // A tolerance: normalised boxes times the width give 31.999999 for a 32-pixel face.
        if (side < options.minFacePixels() - 1e-6) {
            return Optional.empty();
        }
        // Draw every random number up front: which window fits must not change what later crops draw.
        double share = options.minShare() + random.nextDouble() * (options.maxShare() - options.minShare());
        double jitterX = random.nextDouble() * 2 - 1;
        double jitterY = random.nextDouble() * 2 - 1;
        for (;; share = Math.min(FaceCropOptions.TIGHTEST_SHARE, share * 1.25)) {
            double cropSide = side / share;
            // Off centre by up to a quarter of the margin each way, so the face stays inside.
            double cx = face.centerX() * width + jitterX * (cropSide - faceW) / 4;
            double cy = face.centerY() * height + jitterY * (cropSide - faceH) / 4;
            Window w = new Window(start(cx, cropSide, width), start(cy, cropSide, height),
                    (int) Math.min(width, Math.round(cropSide)), (int) Math.min(height, Math.round(cropSide)));
            if (othersFit(faces, index, w.normalised(width, height))) {
                return Optional.of(w);
            }
            if (share >= FaceCropOptions.TIGHTEST_SHARE) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The window's first pixel on one axis: centred on {@code centre}, moved inside the photo. */
    private static int start(double centre, double cropSide, int length) {
        long size = Math.min(length, Math.round(cropSide));
        long first = Math.round(centre - size / 2.0);
        return (int) Math.max(0, Math.min(length - size, first));
    }

    private boolean othersFit(List<Annotation> faces, int index, Box window) {
        for (int j = 0; j < faces.size(); j++) {
            if (j != index && faces.get(j).box().shareInside(window) > options.maxOtherShare()) {
                return false;
            }
        }
        return true;
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** A sub-image shares the photo's raster; a copy lets the photo be collected. */
    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = new BufferedImage(sub.getWidth(), sub.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(sub, 0, 0, null);
        return out;
    }
}
