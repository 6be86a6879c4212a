package dev.facemask.cli.bench;

import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** JPEG frames of synthetic faces, drawn in memory, for load that looks like a camera's. */
final class BenchFrames {

    private BenchFrames() {}

    static List<byte[]> jpegs(int count) throws IOException {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(SyntheticOptions.builder()
                .images(count).seed(11).sideRange(320, 480).outputDir(Path.of("unused")).build());
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(generator.render(i).image(), "jpg", bytes);
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
