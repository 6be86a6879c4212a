package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {

    /** A 2x2 single-channel image: pixel values 0.1, 0.2 / 0.3, 0.4. */
    private static TrainingExample example(int classId) {
        PreparedImage img = new PreparedImage(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new Letterbox(2, 2, 2), 1);
        return new TrainingExample(img, classId, new Box(0.0, 0.25, 0.5, 0.75));
    }

    @Test
    void shouldMirrorPixelsAndBoxWhenFlipping() {
        BatchAssembler assembler = new BatchAssembler(List.of(example(1)), 1, true, 0, 1);
        // Flipping is a coin toss per image: try seeds until one flips (the first few do).
        Batch flipped = assembler.assemble(new int[] {0}, new SplittableRandom(0));
        for (int seed = 1; seed < 20 && flipped.images()[0] != 0.2f; seed++) {
            flipped = assembler.assemble(new int[] {0}, new SplittableRandom(seed));
        }
        assertThat(flipped.images()).containsExactly(0.2f, 0.1f, 0.4f, 0.3f);
        assertThat(flipped.boxes()).containsExactly(0.5f, 0.25f, 0.5f, 0.5f);
        assertThat(flipped.labels()).containsExactly(1);
    }

    @Test
    void shouldPackWithoutAugmentationWhenNoRandomGiven() {
        BatchAssembler assembler = new BatchAssembler(List.of(example(0), example(1)), 2, true, 0.5, 1);
        Batch b = assembler.assemble(new int[] {1, 0}, null);
        assertThat(b.images()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.1f, 0.2f, 0.3f, 0.4f);
        assertThat(b.labels()).containsExactly(1, 0);
        assertThat(b.boxes()).containsExactly(0f, 0.25f, 0.5f, 0.5f, 0f, 0.25f, 0.5f, 0.5f);
    }

    @Test
    void shouldCarryEachExamplesBoxWeightIntoTheBatch() {
        TrainingExample photo = example(0);
        TrainingExample crop = new TrainingExample(photo.image(), 1, photo.modelBox(), 0);
        BatchAssembler assembler = new BatchAssembler(List.of(photo, crop), 2, false, 0, 1);
        assertThat(assembler.assemble(new int[] {1, 0}, new SplittableRandom(3)).boxWeights()).containsExactly(0f, 1f);
    }

    @Test
    void shouldShuffleReproduciblyAndCoverEveryExampleOnce() {
        List<TrainingExample> five = List.of(example(0), example(1), example(0), example(1), example(0));
        BatchAssembler a = new BatchAssembler(five, 2, false, 0, 7);
        List<int[]> epoch1 = a.shuffledBatches(1);
        // 2 + 2 + 1: the lone last image joins the batch before (batch norm on [N, c] needs N >= 2).
        assertThat(epoch1).extracting(b -> b.length).containsExactly(2, 3);
        assertThat(epoch1.stream().flatMapToInt(java.util.Arrays::stream).sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(new BatchAssembler(five, 2, false, 0, 7).shuffledBatches(1)).containsExactlyElementsOf(epoch1);
    }
    @Test
    void shouldShiftPixelsAndBoxTogetherAndKeepTheBoxWhole() {
        // A 4x4 image, 1 channel, pixel value (y * 4 + x + 1) / 16; box over pixels x 1..2, y 1..2.
        float[] pixels = new float[16];
        for (int i = 0; i < 16; i++) {
            pixels[i] = (i + 1) / 16f;
        }
        Box box = new Box(0.25, 0.25, 0.75, 0.75);
        TrainingExample e = new TrainingExample(new PreparedImage(pixels, new Letterbox(4, 4, 4), 1), 0, box);
        BatchAssembler assembler = new BatchAssembler(List.of(e), 1, false, 0, 0.49, 1);
        for (int seed = 0; seed < 50; seed++) {
            Batch b = assembler.assemble(new int[] {0}, new SplittableRandom(seed));
            // The box may move by one pixel (a quarter) at most each way, or it would leave the image.
            float dx = b.boxes()[0] - 0.25f;
            float dy = b.boxes()[1] - 0.25f;
            assertThat(dx).isIn(-0.25f, 0f, 0.25f);
            assertThat(dy).isIn(-0.25f, 0f, 0.25f);
            assertThat(b.boxes()[2]).isEqualTo(0.5f);
            // The pixel under the box's top-left corner is still the one that was there.
            int x = Math.round((0.25f + dx) * 4);
            int y = Math.round((0.25f + dy) * 4);
            assertThat(b.images()[y * 4 + x]).isEqualTo(pixels[1 * 4 + 1]);
        }
    }
}
