package dev.facemask.cli.produce;

import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** An MJPEG stream as ffmpeg -f mjpeg writes it: JPEGs back to back, made from synthetic faces. */
final class MjpegStreams {

    private MjpegStreams() {}

    static List<byte[]> jpegs(int n) throws IOException {
        SyntheticFaceGenerator g = new SyntheticFaceGenerator(SyntheticOptions.builder().images(n).seed(9)
                .outputDir(Path.of("unused")).build());
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(g.render(i).image(), "jpg", b);
            out.add(b.toByteArray());
        }
        return out;
    }

    static byte[] concat(List<byte[]> jpegs) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        jpegs.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
