package dev.facemask.trainer.explain;

import dev.facemask.inference.MappedDetection;
import java.nio.file.Path;

/**
 * One explained image.
 *
 * @param detection the model's class, score and box on the original frame
 * @param heatmapSize side of the model's Grad-CAM grid
 * @param png the overlay written
 */
public record GradCamResult(MappedDetection detection, int heatmapSize, Path png) {}
