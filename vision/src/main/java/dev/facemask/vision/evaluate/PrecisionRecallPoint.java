package dev.facemask.vision.evaluate;

/**
 * One point of a precision-recall curve: the ranked predictions down to and including one of them.
 *
 * @param score score of the last prediction included, 0..1
 * @param recall true positives so far / truths of the class, 0..1
 * @param precision true positives so far / predictions so far, 0..1 (raw, not interpolated)
 */
public record PrecisionRecallPoint(float score, double recall, double precision) {}
