package dev.facemask.trainer.fit;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.detect.CenterTargets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Cuts the dense head's examples into batches: seeded shuffling per epoch, box-preserving
 * augmentation, target encoding ({@link CenterTargets}) and packing into flat arrays.
 */
final class DenseBatchAssembler {

    private final List<DenseExample> examples;
    private final int batchSize;
    private final DenseAugmenter augmenter;
    private final int grid;
    private final int classes;
    private final long seed;

    DenseBatchAssembler(List<DenseExample> examples, int batchSize, AugmentOptions augment, int grid, int classes,
            long seed) {
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        DenseExample first = examples.get(0);
        this.augmenter = new DenseAugmenter(augment, first.image().inputSize(), first.image().channels(), examples);
        this.grid = grid;
        this.classes = classes;
        this.seed = seed;
    }

    int exampleCount() {
        return examples.size();
    }

    /** Batches of example indices for {@code epoch}, shuffled with a seed derived from it. */
    List<int[]> shuffledBatches(int epoch) {
        List<Integer> order = indices();
        Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return cut(order);
    }

    /** Batches in the split's order, for validation. */
    List<int[]> orderedBatches() {
        return cut(indices());
    }

    private List<Integer> indices() {
        List<Integer> order = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        return order;
    }

    private List<int[]> cut(List<Integer> order) {
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            batches.add(order.subList(from, Math.min(order.size(), from + batchSize)).stream()
                    .mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    /** Packs the examples at {@code indices}, augmented with {@code random}'s draws (null: as they are). */
    DenseBatch assemble(int[] indices, SplittableRandom random) {
        DenseExample first = examples.get(indices[0]);
        int per = first.image().pixels().length;
        int heat = grid * grid * classes;
        int cells = grid * grid;
        float[] images = new float[indices.length * per];
        float[] heatmap = new float[indices.length * heat];
        float[] regression = new float[indices.length * cells * 4];
        float[] mask = new float[indices.length * cells];
        List<List<Annotation>> truths = new ArrayList<>(indices.length);
        for (int i = 0; i < indices.length; i++) {
            DenseExample e = examples.get(indices[i]);
            DenseAugmenter.Augmented a = random == null
                    ? new DenseAugmenter.Augmented(e.image().pixels(), e.faces())
                    : augmenter.apply(e, random, () -> partners(random));
            if (a.pixels().length != per) {
                throw new IllegalArgumentException("Example " + indices[i] + " has " + a.pixels().length
                        + " floats, expected " + per);
            }
            CenterTargets t = CenterTargets.encode(a.faces(), grid, classes);
            System.arraycopy(a.pixels(), 0, images, i * per, per);
            System.arraycopy(t.heatmap(), 0, heatmap, i * heat, heat);
            System.arraycopy(t.regression(), 0, regression, i * cells * 4, cells * 4);
            System.arraycopy(t.regressionMask(), 0, mask, i * cells, cells);
            truths.add(a.faces());
        }
        return new DenseBatch(images, heatmap, regression, mask, truths, indices.length);
    }

    private List<DenseExample> partners(SplittableRandom random) {
        List<DenseExample> out = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            out.add(examples.get(random.nextInt(examples.size())));
        }
        return out;
    }
}
