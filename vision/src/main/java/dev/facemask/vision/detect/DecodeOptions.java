package dev.facemask.vision.detect;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How {@link CenterDecoder} turns the dense head's maps into faces. Both halves of the product, the
 * trainer's evaluation and the streaming job, decode with the options stored in {@code model.json},
 * so that a replayed stream scores exactly what the offline evaluation scored.
 *
 * <pre>{@code
 * DecodeOptions options = new DecodeOptions(100, 0.1f, 0.4, 1, 1);
 * }</pre>
 *
 * @param topK at most this many faces per image, the highest-scoring first
 * @param scoreThreshold a peak below this centre score is not a face (0..1)
 * @param nmsIou after peak picking, a face overlapping a higher-scoring one of any class by at least
 *     this IoU is dropped (one face, two class peaks); 1 turns it off
 * @param nmsContainment a face with at least this share of its own area inside a higher-scoring face's
 *     box is dropped, whatever their IoU: faces do not nest, so a small box inside a large one is a
 *     second guess at the same face's size (MTCNN's "Min" suppression); 1 turns it off
 * @param voteRadius a face's box is the score-weighted average of the boxes decoded at the cells within
 *     this many cells of its peak (box voting), since all of them were trained to regress it; 0 reads
 *     the peak cell's box alone
 * @param flipTest the model also sees each image mirrored, and the centre scores and sizes of both
 *     passes are averaged before decoding (CenterNet's flip test): twice the model's work per frame;
 *     applied where a SavedModel runs (evaluate, replay, the job), not to training's validation
 */
public record DecodeOptions(int topK, float scoreThreshold, double nmsIou, double nmsContainment, int voteRadius,
        boolean flipTest) {

    /**
     * 100 faces, score 0.1, class-agnostic suppression at IoU 0.4, as face detectors use (RetinaFace):
     * two peaks of one large face often decode boxes of different sizes that overlap by less than
     * the 0.5-0.6 of general object detectors, while two faces rarely overlap by 0.4. Boxes voted over
     * the 3x3 cells around each peak: re-scoring trained models, it raised mAP@[.5:.95] on every
     * split measured (synthetic unseen scenes 0.655 to 0.685; real crowd photos 0.103 to 0.118).
     * No containment suppression, no flip test.
     */
    public static final DecodeOptions DEFAULTS = new DecodeOptions(100, 0.1f, 0.4, 1, 1);

    /** Beyond a few cells the neighbours belong to other faces as often as to this one. */
    public static final int MAX_VOTE_RADIUS = 4;

    /** Without containment suppression or box voting, as every model before they were added. */
    public DecodeOptions(int topK, float scoreThreshold, double nmsIou) {
        this(topK, scoreThreshold, nmsIou, 1, 0);
    }

    /** Without the flip test. */
    public DecodeOptions(int topK, float scoreThreshold, double nmsIou, double nmsContainment, int voteRadius) {
        this(topK, scoreThreshold, nmsIou, nmsContainment, voteRadius, false);
    }

    /** These options with the flip test on or off. */
    public DecodeOptions withFlipTest(boolean on) {
        return new DecodeOptions(topK, scoreThreshold, nmsIou, nmsContainment, voteRadius, on);
    }

    /**
     * Reads {@code model.json}'s {@code decode}; files written before {@code nmsContainment},
     * {@code voteRadius} and {@code flipTest} existed read with them off.
     */
    @JsonCreator
    static DecodeOptions fromJson(@JsonProperty("topK") int topK, @JsonProperty("scoreThreshold") float scoreThreshold,
            @JsonProperty("nmsIou") double nmsIou, @JsonProperty("nmsContainment") Double nmsContainment,
            @JsonProperty("voteRadius") Integer voteRadius, @JsonProperty("flipTest") Boolean flipTest) {
        return new DecodeOptions(topK, scoreThreshold, nmsIou, nmsContainment == null ? 1 : nmsContainment,
                voteRadius == null ? 0 : voteRadius, Boolean.TRUE.equals(flipTest));
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
        if (voteRadius < 0 || voteRadius > MAX_VOTE_RADIUS) {
            throw new IllegalArgumentException(
                    "voteRadius must be 0 to " + MAX_VOTE_RADIUS + " cells (0 turns it off), was " + voteRadius);
        }
    }
}
