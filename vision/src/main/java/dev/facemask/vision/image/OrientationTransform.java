package dev.facemask.vision.image;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.WritableRaster;
import java.util.Objects;

/**
 * Turns a decoded image upright for its {@link Orientation}. For a stored image of {@code w x h}
 * pixels, displayed pixel (x, y) is stored pixel:
 * <pre>
 * 1 (x, y)            2 (w-1-x, y)        3 (w-1-x, h-1-y)    4 (x, h-1-y)
 * 5 (y, x)            6 (y, h-1-x)        7 (w-1-y, h-1-x)    8 (w-1-y, x)
 * </pre>
 * and orientations 5 to 8 display as {@code h x w}. Pure pixel copies: no interpolation, so the values
 * are exactly the stored ones.
 */
public final class OrientationTransform {

    private OrientationTransform() {}

    /**
     * The upright image: {@code image} itself for {@link Orientation#NORMAL}, otherwise a new image with
     * the same colour model and sample layout (grey stays grey, alpha stays alpha).
     */
    public static BufferedImage apply(BufferedImage image, Orientation orientation) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(orientation, "orientation");
        if (orientation == Orientation.NORMAL) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation.swapsWidthAndHeight();
        ColorModel model = image.getColorModel();
        WritableRaster from = image.getRaster();
        WritableRaster to = model.createCompatibleWritableRaster(swap ? h : w, swap ? w : h);
        // Raw samples, not getRGB/setRGB: those convert through sRGB, which is not exact for grey images.
        Object pixel = null;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixel = from.getDataElements(x, y, pixel);
                switch (orientation) {
                    case MIRROR_HORIZONTAL -> to.setDataElements(w - 1 - x, y, pixel);
                    case ROTATE_180 -> to.setDataElements(w - 1 - x, h - 1 - y, pixel);
                    case MIRROR_VERTICAL -> to.setDataElements(x, h - 1 - y, pixel);
                    case TRANSPOSE -> to.setDataElements(y, x, pixel);
                    case ROTATE_90_CW -> to.setDataElements(h - 1 - y, x, pixel);
                    case TRANSVERSE -> to.setDataElements(h - 1 - y, w - 1 - x, pixel);
                    case ROTATE_90_CCW -> to.setDataElements(y, w - 1 - x, pixel);
                    default -> throw new IllegalStateException("Unhandled orientation " + orientation);
                }
            }
        }
        return new BufferedImage(model, to, model.isAlphaPremultiplied(), null);
    }
}
