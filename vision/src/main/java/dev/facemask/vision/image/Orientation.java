package dev.facemask.vision.image;

/**
 * The eight EXIF orientations (TIFF tag 0x0112): how the stored pixels must be turned to show the
 * picture upright. Phone cameras store the sensor's pixels as shot and record the turn here; ImageIO
 * ignores it, OpenCV (which the seed used) and every photo viewer apply it.
 */
public enum Orientation {
    /** 1: stored upright. */
    NORMAL(1),
    /** 2: stored mirrored left to right. */
    MIRROR_HORIZONTAL(2),
    /** 3: stored upside down: turn 180 degrees. */
    ROTATE_180(3),
    /** 4: stored mirrored top to bottom. */
    MIRROR_VERTICAL(4),
    /** 5: stored mirrored across the main diagonal: displayed (x, y) is stored (y, x). */
    TRANSPOSE(5),
    /** 6: turn 90 degrees clockwise to display (a phone held upright, home button down, on many phones). */
    ROTATE_90_CW(6),
    /** 7: stored mirrored across the anti-diagonal. */
    TRANSVERSE(7),
    /** 8: turn 90 degrees counter-clockwise to display. */
    ROTATE_90_CCW(8);

    private final int tag;

    Orientation(int tag) {
        this.tag = tag;
    }

    /** The EXIF value, 1 to 8. */
    public int tag() {
        return tag;
    }

    /** The orientation for an EXIF value; {@link #NORMAL} for anything outside 1..8, as viewers do. */
    public static Orientation fromTag(int tag) {
        return tag >= 1 && tag <= 8 ? values()[tag - 1] : NORMAL;
    }

    /** Whether the stored rows' first pixel is displayed last: the stored x axis runs backwards (2, 3, 7, 8). */
    public boolean reversesStoredX() {
        return this == MIRROR_HORIZONTAL || this == ROTATE_180 || this == TRANSVERSE || this == ROTATE_90_CCW;
    }

    /** Whether the stored first row is displayed last: the stored y axis runs backwards (3, 4, 6, 7). */
    public boolean reversesStoredY() {
        return this == ROTATE_180 || this == MIRROR_VERTICAL || this == ROTATE_90_CW || this == TRANSVERSE;
    }

    /** Whether the displayed image is the stored one with width and height exchanged (5 to 8). */
    public boolean swapsWidthAndHeight() {
        return tag >= 5;
    }
}
