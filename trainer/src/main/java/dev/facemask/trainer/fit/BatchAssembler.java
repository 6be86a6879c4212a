package dev.facemask.trainer.fit;

import dev.facemask.vision.geometry.Box;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Cuts a split into batches: seeded shuffling per epoch, optional augmentation (horizontal flip
 * with its box, brightness scaling, a shift of the image with its box), and packing into flat arrays.
 */
final class BatchAssembler {

    private final List<TrainingExample> examples;
    private final int batchSize;
    private final boolean flip;
    private final double brightness;
    private final double shift;
    private final long seed;

    BatchAssembler(List<TrainingExample> examples, int batchSize, boolean flip, double brightness, long seed) {
        this(examples, batchSize, flip, brightness, 0, seed);
    }

    /**
     * @param shift largest shift of an image, as a fraction of its side, in x and in y; the shift is
     *     also bounded so that the box stays whole inside the image (0 = off)
     */
    BatchAssembler(List<TrainingExample> examples, int batchSize, boolean flip, double brightness, double shift,
            long seed) {
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.flip = flip;
        this.brightness = brightness;
        this.shift = shift;
        this.seed = seed;
    }

    int batchCount() {
        return (examples.size() + batchSize - 1) / batchSize;
    }

    int exampleCount() {
        return examples.size();
    }

    /** Batches of example indices for {@code epoch}, shuffled with a seed derived from it. */
    List<int[]> shuffledBatches(int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        List<int[]> batches = cut(order);
        int last = batches.size() - 1;
        if (last > 0 && batches.get(last).length == 1) {
            // Batch norm over the box head's [N, c] tensors needs N >= 2: fold a lone last image into the batch before.
            int[] merged = java.util.Arrays.copyOf(batches.get(last - 1), batches.get(last - 1).length + 1);
            merged[merged.length - 1] = batches.remove(last)[0];
            batches.set(last - 1, merged);
        }
        return batches;
    }

    /** Batches in the split's order, for evaluation. */
    List<int[]> orderedBatches() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        return cut(order);
    }

    private List<int[]> cut(List<Integer> order) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(order.subList(from, Math.min(order.size(), from + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /** Packs the examples at {@code indices}; augments them when {@code random} is not null. */
    Batch assemble(int[] indices, SplittableRandom random) {
        TrainingExample first = examples.get(indices[0]);
        int side = first.image().inputSize();
        int channels = first.image().channels();
        int per = side * side * channels;
        float[] images = new float[indices.length * per];
        int[] labels = new int[indices.length];
        float[] boxes = new float[indices.length * 4];
        float[] boxWeights = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            TrainingExample e = examples.get(indices[i]);
            float[] pixels = e.image().pixels();
            if (pixels.length != per) {
                throw new IllegalArgumentException("Example " + indices[i] + " has " + pixels.length
                        + " floats, expected " + per + " (" + side + "x" + side + "x" + channels + ")");
            }
            Box box = e.modelBox();
            boolean mirror = random != null && flip && random.nextBoolean();
            float gain = random != null && brightness > 0 ? (float) (1 + (random.nextDouble() * 2 - 1) * brightness) : 1f;
            if (mirror) {
                box = box.flipHorizontal();
            }
            // Pixels to move right and down; the parts shifted in are 0, as the letterbox padding.
            int dx = random != null && shift > 0 ? shiftPixels(random, side, box.xMin(), box.xMax()) : 0;
            int dy = random != null && shift > 0 ? shiftPixels(random, side, box.yMin(), box.yMax()) : 0;
            copyPixels(pixels, images, i * per, side, channels, mirror, gain, dx, dy);
            box = new Box(box.xMin() + (double) dx / side, box.yMin() + (double) dy / side,
                    box.xMax() + (double) dx / side, box.yMax() + (double) dy / side);
            labels[i] = e.classId();
            boxWeights[i] = (float) e.boxWeight();
            System.arraycopy(box.toXywh(), 0, boxes, i * 4, 4);
        }
        return new Batch(images, labels, boxes, boxWeights, indices.length);
    }

    /** A uniform shift in whole pixels, at most {@code shift * side}, that keeps {@code [min, max]} inside 0..1. */
    private int shiftPixels(SplittableRandom random, int side, double min, double max) {
        int back = (int) Math.floor(Math.max(0, Math.min(shift, min)) * side);
        int forward = (int) Math.floor(Math.max(0, Math.min(shift, 1 - max)) * side);
        return random.nextInt(back + forward + 1) - back;
    }

    private static void copyPixels(float[] src, float[] dst, int offset, int side, int channels, boolean mirror,
            float gain, int dx, int dy) {
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int sy = y - dy;
                int sx = x - dx;
                int to = offset + (y * side + x) * channels;
                if (sx < 0 || sy < 0 || sx >= side || sy >= side) {
                    continue;  // dst starts as zeros
                }
                int from = (sy * side + (mirror ? side - 1 - sx : sx)) * channels;
                for (int c = 0; c < channels; c++) {
                    dst[to + c] = gain == 1f ? src[from + c] : Math.min(1f, src[from + c] * gain);
                }
            }
        }
    }
}
