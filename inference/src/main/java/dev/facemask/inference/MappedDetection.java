package dev.facemask.inference;

import dev.facemask.vision.geometry.Box;

/**
 * A prediction placed on the original frame.
 *
 * @param classId index of the most probable class
 * @param label its name from {@code model.json}
 * @param score its probability, 0..1
 * @param box corners normalised to the original frame, clipped to 0..1
 * @param pixelBox the same corners in pixels of the original frame
 */
public record MappedDetection(int classId, String label, float score, Box box, Box pixelBox) {}
