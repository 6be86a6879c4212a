package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.preprocess.ModelSizedImage;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageFiles#read(byte[], String)}: encoded bytes come out upright, as files do; and
 * {@link ImageFiles#readForModel}: every step-th pixel of the full decode, with the full size.
 */
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

    /** A 1280x720 frame for a 244 px model: 256x144 pixels, each the full decode's pixel at 5x, 5y. */
    @Test
    void shouldDecodeEveryFifthPixelOfACameraFrameForA244PixelModel(@TempDir Path dir) throws IOException {
        byte[] jpeg = ExifJpegs.jpeg(noise(1280, 720));
        Path file = Files.write(dir.resolve("frame.jpg"), jpeg);
        BufferedImage full = ImageFiles.read(jpeg, "frame");

        for (ModelSizedImage decoded : new ModelSizedImage[] {
                ImageFiles.readForModel(jpeg, "frame", 244), ImageFiles.readForModel(file, 244)}) {
            assertThat(decoded.width()).isEqualTo(1280);
            assertThat(decoded.height()).isEqualTo(720);
            assertThat(decoded.pixels().getWidth()).isEqualTo(256);
            assertThat(decoded.pixels().getHeight()).isEqualTo(144);
            int mismatches = 0;
            for (int y = 0; y < 144; y++) {
                for (int x = 0; x < 256; x++) {
                    mismatches += decoded.pixels().getRGB(x, y) == full.getRGB(5 * x, 5 * y) ? 0 : 1;
                }
            }
            assertThat(mismatches).isZero();
        }
    }

    /** Subsampled too, every orientation gives exactly the pixels of the upright twin: the grid starts where it is displayed. */
    @Test
    void shouldSubsampleEveryOrientationOnTheUprightTwinsGrid() throws IOException {
        BufferedImage upright = ExifJpegs.blocks(3, 2);
        ModelSizedImage expected = ImageFiles.readForModel(ExifJpegs.jpeg(upright), "upright", 10);
        assertThat(expected.pixels().getWidth()).as("a step over 1 whose grid misses the last pixel")
                .isLessThan(upright.getWidth());

        for (int tag = 1; tag <= 8; tag++) {
            ModelSizedImage decoded = ImageFiles.readForModel(ExifJpegs.uprightAs(upright, tag), "tag " + tag, 10);
            assertThat(ExifJpegs.pixels(decoded.pixels())).as("orientation %d", tag)
                    .isEqualTo(ExifJpegs.pixels(expected.pixels()));
            assertThat(decoded.width()).isEqualTo(upright.getWidth());
            assertThat(decoded.height()).isEqualTo(upright.getHeight());
        }
    }

    /** A phone photo stored 40x24 and turned by EXIF tag 6 displays 24x40: the full size is the displayed one. */
    @Test
    void shouldGiveTheDisplayedSizeOfATurnedPhoto(@TempDir Path dir) throws IOException {
        BufferedImage upright = noise(24, 40);
        byte[] turned = ExifJpegs.uprightAs(upright, 6);
        Path file = Files.write(dir.resolve("phone.jpg"), turned);

        for (ModelSizedImage decoded : new ModelSizedImage[] {
                ImageFiles.readForModel(turned, "phone", 10), ImageFiles.readForModel(file, 10)}) {
            assertThat(decoded.width()).isEqualTo(24);
            assertThat(decoded.height()).isEqualTo(40);
            assertThat(decoded.pixels().getWidth()).isEqualTo(6);   // stored 40 wide, step 4: 10, turned
            assertThat(decoded.pixels().getHeight()).isEqualTo(10);
        }
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }
}
