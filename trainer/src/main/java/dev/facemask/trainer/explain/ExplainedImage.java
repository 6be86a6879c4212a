package dev.facemask.trainer.explain;

import dev.facemask.inference.MappedDetection;
import java.nio.file.Path;
import java.util.List;

/**
 * One image explained by Grad-CAM: what the model found, and the overlays written for it.
 *
 * @param detection the model's class, score and box on the original frame
 * @param heatmapSize side of the model's Grad-CAM grid
 * @param png the overlay written: the strongest face's map
 * @param facePngs dense head only: one overlay per face the model explained, strongest first, each
 *     with that face's map and box; empty for the single head, whose one face is {@code png}
 */
public record ExplainedImage(MappedDetection detection, int heatmapSize, Path png, List<Path> facePngs) {

    public ExplainedImage {
        facePngs = List.copyOf(facePngs);
    }
}
