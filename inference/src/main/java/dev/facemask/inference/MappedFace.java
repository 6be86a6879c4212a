package dev.facemask.inference;

import dev.facemask.vision.geometry.Box;

/**
 * One reported face placed on the original frame.
 *
 * @param classId its most probable class
 * @param label that class's name from {@code model.json}
 * @param score confidence of that class, 0..1
 * @param classScores confidence of every class at this face, by class index
 * @param box corners normalised to the original frame, clipped to 0..1
 * @param pixelBox the same corners in pixels of the original frame
 */
public record MappedFace(int classId, String label, float score, float[] classScores, Box box, Box pixelBox) {}
