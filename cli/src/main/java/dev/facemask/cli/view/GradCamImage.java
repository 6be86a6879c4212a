package dev.facemask.cli.view;

import dev.facemask.cli.consume.DetectionOverlay;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.GradCam;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * The frame with a detection's Grad-CAM heatmap blended over it, as PNG bytes. Drawn only when the
 * page asks for it, since most detections carry no heatmap and blending costs a decode and an encode.
 */
final class GradCamImage {

    private GradCamImage() {}

    /** The strongest face's heatmap: the detection's own, else the first face that carries one. */
    static Optional<GradCam> heatmap(Detection d) {
        if (d.getGradCam() != null) {
            return Optional.of(d.getGradCam());
        }
        return d.getFaces().stream().map(Face::getGradCam).filter(Objects::nonNull).findFirst();
    }

    /** @return PNG bytes, or empty when the frame does not decode or the heatmap is not square */
    static Optional<byte[]> render(Frame frame, GradCam cam) throws IOException {
        ByteBuffer bytes = frame.getImage().duplicate();
        byte[] encoded = new byte[bytes.remaining()];
        bytes.get(encoded);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        BufferedImage blended = image == null ? null : DetectionOverlay.withHeatmap(image, cam);
        if (blended == null) {
            return Optional.empty();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(blended, "png", png);
        return Optional.of(png.toByteArray());
    }
}
