package dev.facemask.trainer;

import dev.facemask.trainer.fit.TrainingExample;
import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test images: a bright square "face" on a dark noisy background; class 0 ("masked") has a blue
 * band across the lower half of the square, class 1 does not. The box is the square.
 */
public final class SyntheticFaces {

    private SyntheticFaces() {}

    public static List<TrainingExample> generate(int count, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TrainingExample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(one(side, i % 2, random));
        }
        return out;
    }

    private static TrainingExample one(int side, int classId, SplittableRandom random) {
        float[] px = new float[side * side * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (random.nextDouble() * 0.2);
        }
        int size = side / 4 + random.nextInt(side / 3);
        int x0 = random.nextInt(side - size);
        int y0 = random.nextInt(side - size);
        for (int y = y0; y < y0 + size; y++) {
            for (int x = x0; x < x0 + size; x++) {
                boolean band = classId == 0 && y >= y0 + size / 2 && y < y0 + size * 5 / 6;
                int p = (y * side + x) * 3;
                px[p] = band ? 0.1f : 0.9f;
                px[p + 1] = band ? 0.2f : 0.8f;
                px[p + 2] = band ? 0.9f : 0.7f;
            }
        }
        Box box = new Box((double) x0 / side, (double) y0 / side, (double) (x0 + size) / side,
                (double) (y0 + size) / side);
        return new TrainingExample(new PreparedImage(px, new Letterbox(side, side, side), 3), classId, box);
    }

    /** The pixels of {@code examples} packed as one NHWC array. */
    public static float[] pack(List<TrainingExample> examples) {
        int per = examples.get(0).image().pixels().length;
        float[] all = new float[examples.size() * per];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(examples.get(i).image().pixels(), 0, all, i * per, per);
        }
        return all;
    }
}
