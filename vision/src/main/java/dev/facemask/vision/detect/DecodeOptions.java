package dev.facemask.vision.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

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
 * @param nmsContainment a face with at least this share of its own area inside a higher-scoring face's
 *     box is dropped, whatever their IoU: faces do not nest, so a small box inside a large one is a
 *     second guess at the same face's size (MTCNN's "Min" suppression); 1 turns it off
 */
public record DecodeOptions(int topK, float scoreThreshold, double nmsIou, double nmsContainment) {

    /**
     * 100 faces, score 0.1, class-agnostic suppression at IoU 0.4, as face detectors use (RetinaFace):
     * two peaks of one large face often decode boxes of different sizes that overlap by less than
     * the 0.5-0.6 of general object detectors, while two faces rarely overlap by 0.4.
     */
    public static final DecodeOptions DEFAULTS = new DecodeOptions(100, 0.1f, 0.4);

    /** Without containment suppression ({@code nmsContainment} 1), as every model before it was added. */
    public DecodeOptions(int topK, float scoreThreshold, double nmsIou) {
        this(topK, scoreThreshold, nmsIou, 1);
    }

    /** Reads {@code model.json}'s {@code decode}; files written before {@code nmsContainment} existed read as off. */
    @JsonCreator
    static DecodeOptions fromJson(@JsonProperty("topK") int topK, @JsonProperty("scoreThreshold") float scoreThreshold,
            @JsonProperty("nmsIou") double nmsIou, @JsonProperty("nmsContainment") Double nmsContainment) {
        return new DecodeOptions(topK, scoreThreshold, nmsIou, nmsContainment == null ? 1 : nmsContainment);
    }

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
        if (!(nmsContainment > 0 && nmsContainment <= 1)) {
            throw new IllegalArgumentException(
                    "nmsContainment must be in (0, 1] (1 turns it off), was " + nmsContainment);
        }
    }
}
