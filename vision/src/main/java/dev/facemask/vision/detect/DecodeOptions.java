package dev.facemask.vision.detect;

/**
 * How {@link CenterDecoder} turns the dense head's maps into faces. Both halves of the product, the
 * trainer's evaluation and the streaming job, decode with the options stored in {@code model.json},
 * so that a replayed stream scores exactly what the offline evaluation scored.
 *
 * <pre>{@code
 * DecodeOptions options = new DecodeOptions(100, 0.1f, 0.4);
 * }</pre>
 *
 * @param topK at most this many faces per image, the highest-scoring first
 * @param scoreThreshold a peak below this centre score is not a face (0..1)
 * @param nmsIou after peak picking, a face overlapping a higher-scoring one of any class by at least
 *     this IoU is dropped (one face, two class peaks); 1 turns it off
 */
public record DecodeOptions(int topK, float scoreThreshold, double nmsIou) {

    /**
     * 100 faces, score 0.1, class-agnostic suppression at IoU 0.4, as face detectors use (RetinaFace):
     * two peaks of one large face often decode boxes of different sizes that overlap by less than
     * the 0.5-0.6 of general object detectors, while two faces rarely overlap by 0.4.
     */
    public static final DecodeOptions DEFAULTS = new DecodeOptions(100, 0.1f, 0.4);

    public DecodeOptions {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("scoreThreshold must be in [0, 1), was " + scoreThreshold);
        }
        if (!(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1] (1 turns suppression off), was " + nmsIou);
        }
    }
}
