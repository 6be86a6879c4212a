package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link ImageFiles#read(byte[], String)}: encoded bytes come out upright, as files do. */
class ImageFilesTest {

    @Test
    void shouldDecodeTheBytesOfEveryOrientationUpright() throws IOException {
        BufferedImage upright = ExifJpegs.blocks(3, 2);
        int[] expected = ExifJpegs.pixels(ImageFiles.read(ExifJpegs.jpeg(upright), "upright"));

        for (int tag = 1; tag <= 8; tag++) {
            byte[] oriented = ExifJpegs.uprightAs(upright, tag);

            assertThat(ExifJpegs.pixels(ImageFiles.read(oriented, "tag " + tag))).as("orientation %d", tag).isEqualTo(expected);
            if (tag > 1) {
                assertThat(ExifJpegs.pixels(ImageIO.read(new ByteArrayInputStream(oriented))))
                        .as("ImageIO alone shows orientation %d turned or mirrored", tag).isNotEqualTo(expected);
            }
        }
    }

    @Test
    void shouldNameBytesThatAreNoImage() {
        assertThatThrownBy(() -> ImageFiles.read("not a jpeg".getBytes(StandardCharsets.US_ASCII), "camera-1#7"))
                .isInstanceOf(IOException.class)
                .hasMessage("Not an image ImageIO can read (JPEG or PNG expected): camera-1#7");
    }
}
