package dev.facemask.trainer.fit;

import dev.facemask.trainer.model.Predictions;
import dev.facemask.vision.geometry.Box;

/** Image-weighted running means of the losses, accuracy and box IoU over an epoch. */
final class MetricAccumulator {

    private long images;
    private double classLoss;
    private double boxLoss;
    private double totalLoss;
    private long correct;
    private double iouSum;

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
            iouSum += Box.fromXywh(b[0], b[1], b[2], b[3])
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
        return mean(iouSum);
    }

    private double mean(double sum) {
        return images == 0 ? Double.NaN : sum / images;
    }
}
