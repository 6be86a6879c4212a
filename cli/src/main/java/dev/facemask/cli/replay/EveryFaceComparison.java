package dev.facemask.cli.replay;

import java.util.Locale;

/**
 * A dense model's replay scored on every face: the stream's mAP beside the offline evaluation's of
 * the same images. Both decode with the model's own {@code model.json} options, so they must agree.
 *
 * @param streamMap50 VOC mAP@0.5 over the streamed detections' faces
 * @param offlineMap50 the same, from the offline evaluation
 * @param streamMap50to95 COCO mAP@[.5:.95] over the streamed faces
 * @param offlineMap50to95 the same, offline
 * @param streamFaces faces the stream reported
 * @param offlineFaces faces the offline evaluation reported
 * @param equal same face count on every image, and mAPs equal within 1e-6
 */
public record EveryFaceComparison(double streamMap50, double offlineMap50, double streamMap50to95,
        double offlineMap50to95, int streamFaces, int offlineFaces, boolean equal) {

    /** One line for the console. */
    public String line() {
        return String.format(Locale.ROOT, "every face: stream mAP@0.5 %.3f (offline %.3f), mAP@[.5:.95] %.3f (offline %.3f),"
                + " %d faces (offline %d) | %s", streamMap50, offlineMap50, streamMap50to95, offlineMap50to95, streamFaces,
                offlineFaces, equal ? "stream = offline" : "STREAM DIFFERS FROM OFFLINE");
    }
}
