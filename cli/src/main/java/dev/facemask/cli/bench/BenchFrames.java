package dev.facemask.cli.bench;

import dev.facemask.vision.synth.SyntheticFaceGenerator;
import dev.facemask.vision.synth.SyntheticOptions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Camera-sized JPEG frames of synthetic faces, drawn in memory: each square face image is scaled to
 * the frame's height and repeated across its width, so the whole frame carries texture and the
 * JPEG costs what a camera's does to decode.
 */
final class BenchFrames {

    private BenchFrames() {}

    static List<byte[]> jpegs(int count, FrameSize size) throws IOException {
        int side = Math.max(64, Math.min(4096, size.height()));
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(SyntheticOptions.builder()
                .images(count).seed(11).sideRange(Math.max(64, side * 2 / 3), side).outputDir(Path.of("unused")).build());
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BufferedImage face = generator.render(i).image();
            BufferedImage frame = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int x = 0; x < size.width(); x += size.height()) {
                g.drawImage(face, x, 0, size.height(), size.height(), null);
            }
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(frame, "jpg", bytes);
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
