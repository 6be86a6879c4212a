package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.Predictions;
import dev.facemask.vision.geometry.Box;

/**
 * Image-weighted running means of the losses and accuracy over an epoch, and the box IoU weighted by
 * each image's box weight: an example whose box is not trained (weight 0) does not count in it.
 */
final class MetricAccumulator {

    private long images;
    private double classLoss;
    private double boxLoss;
    private double totalLoss;
    private long correct;
    private double iouSum;
    private double boxWeightSum;

    void add(StepResult step, Batch batch) {
        int n = batch.size();
        images += n;
        classLoss += (double) step.classLoss() * n;
        boxLoss += (double) step.boxLoss() * n;
        totalLoss += (double) step.totalLoss() * n;
        Predictions p = step.predictions();
        for (int i = 0; i < n; i++) {
            if (p.predictedClass(i) == batch.labels()[i]) {
                correct++;
            }
            float[] b = p.boxes()[i];
            float[] t = batch.boxes();
            float w = batch.boxWeights()[i];
            boxWeightSum += w;
            iouSum += w * Box.fromXywh(b[0], b[1], b[2], b[3])
                    .iou(Box.fromXywh(t[4 * i], t[4 * i + 1], t[4 * i + 2], t[4 * i + 3]));
        }
    }

    long images() {
        return images;
    }

    double classLoss() {
        return mean(classLoss);
    }

    double boxLoss() {
        return mean(boxLoss);
    }

    double totalLoss() {
        return mean(totalLoss);
    }

    double accuracy() {
        return images == 0 ? Double.NaN : (double) correct / images;
    }

    double iou() {
        return boxWeightSum == 0 ? Double.NaN : iouSum / boxWeightSum;
    }

    private double mean(double sum) {
        return images == 0 ? Double.NaN : sum / images;
    }
}
