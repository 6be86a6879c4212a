package dev.facemask.cli.replay;

import dev.facemask.job.inference.GradCamPolicy;
import dev.facemask.vision.dataset.Split;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * What to replay and where.
 *
 * @param model model folder
 * @param data dataset folder or archive.zip
 * @param split which split to stream
 * @param splitSeed seed of the split manifest
 * @param kafka client properties of an existing broker, or null to start the embedded stack (broker and job)
 * @param framesTopic frames topic
 * @param detectionsTopic detections topic
 * @param deadLetterTopic dead-letter topic
 * @param reportDir where the report goes
 * @param fps publishing rate; 0 sends as fast as possible
 * @param batchSize the embedded job's batch size
 * @param gradCam the embedded job's Grad-CAM policy
 * @param quiet give up waiting after this long without a new result
 */
public record ReplayOptions(Path model, Path data, Split split, long splitSeed, Properties kafka, String framesTopic,
        String detectionsTopic, String deadLetterTopic, Path reportDir, double fps, int batchSize, GradCamPolicy gradCam,
        Duration quiet) {

    public boolean embedded() {
        return kafka == null;
    }
}
