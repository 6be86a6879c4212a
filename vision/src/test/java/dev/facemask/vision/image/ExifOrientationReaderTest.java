package dev.facemask.vision.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.testkit.ExifJpegs;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExifOrientationReaderTest {

    private static final int SHORT = 3;
    private static final int LONG = 4;

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryOrientationInBothByteOrders() throws IOException {
        byte[] plain = ExifJpegs.jpeg(blocks());
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (int tag = 1; tag <= 8; tag++) {
                byte[] jpeg = ExifJpegs.withApp1(plain, ExifJpegs.app1(tag, order, SHORT));

                assertThat(ExifOrientationReader.read(jpeg)).as("%s %d", order, tag).isEqualTo(Orientation.fromTag(tag));
                assertThat(Orientation.fromTag(tag).tag()).isEqualTo(tag);
            }
        }
    }

    /**
     * A 32 x 48 grey JPEG of 2 x 3 flat 16 px blocks (8-aligned, so quality 1.0 keeps every level
     * exactly), read through {@link ImageFiles}: block (bx, by) of the upright image must hold the stored
     * block the orientation names, and the size must be the displayed one.
     */
    @Test
    void shouldReadEachOrientedJpegUprightWithExactBlocks() throws IOException {
        byte[] plain = ExifJpegs.jpeg(blocks());
        for (int tag = 1; tag <= 8; tag++) {
            Path file = dir.resolve("o" + tag + ".jpg");
            Files.write(file, ExifJpegs.withApp1(plain, ExifJpegs.app1(tag, ByteOrder.BIG_ENDIAN, SHORT)));

            BufferedImage raw = ImageIO.read(file.toFile());
            BufferedImage upright = ImageFiles.read(file);
            Dimension size = ImageFiles.dimensions(file);

            assertThat(level(raw, 1, 2)).as("ImageIO alone ignores EXIF").isEqualTo(level(1, 2));
            boolean swap = tag >= 5;
            assertThat(upright.getWidth()).isEqualTo(swap ? 48 : 32);
            assertThat(upright.getHeight()).isEqualTo(swap ? 32 : 48);
            assertThat(size).isEqualTo(new Dimension(upright.getWidth(), upright.getHeight()));
            for (int by = 0; by < upright.getHeight() / 16; by++) {
                for (int bx = 0; bx < upright.getWidth() / 16; bx++) {
                    int[] stored = storedBlock(tag, bx, by);
                    assertThat(level(upright, bx, by)).as("orientation %d block (%d, %d)", tag, bx, by)
                            .isEqualTo(level(stored[0], stored[1]));
                }
            }
        }
    }

    @Test
    void shouldReadNormalWhenThereIsNoExif() throws IOException {
        byte[] plain = ExifJpegs.jpeg(blocks());
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};

        assertThat(ExifOrientationReader.read(plain)).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientationReader.read(png)).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientationReader.read(new byte[0])).isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientationReader.read((byte[]) null)).isEqualTo(Orientation.NORMAL);
    }

    @Test
    void shouldReadNormalFromMalformedExif() throws IOException {
        byte[] plain = ExifJpegs.jpeg(blocks());
        byte[] good = ExifJpegs.app1(6, ByteOrder.BIG_ENDIAN, SHORT);
        assertThat(ExifOrientationReader.read(ExifJpegs.withApp1(plain, good))).isEqualTo(Orientation.ROTATE_90_CW);

        assertThat(read(plain, ExifJpegs.app1(0, ByteOrder.BIG_ENDIAN, SHORT))).as("value 0").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, ExifJpegs.app1(9, ByteOrder.BIG_ENDIAN, SHORT))).as("value 9").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, ExifJpegs.app1(6, ByteOrder.BIG_ENDIAN, LONG))).as("type LONG").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, patched(good, 10, 'X', 'X'))).as("byte order XX").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, patched(good, 12, 0, 43))).as("magic 43").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, patched(good, 14, 0x7F, 0xFF, 0xFF, 0xFF))).as("IFD0 far away").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, patched(good, 14, 0, 0, 0, 2))).as("IFD0 inside the header").isEqualTo(Orientation.NORMAL);
        assertThat(read(plain, patched(good, 4, 'E', 'x', 'i', 'g'))).as("not Exif").isEqualTo(Orientation.NORMAL);
        // Segment length says 0xFFFF bytes: it runs past the end of the file.
        byte[] truncated = Arrays.copyOf(ExifJpegs.withApp1(plain, patched(good, 2, 0xFF, 0xFF)), 200);
        assertThat(ExifOrientationReader.read(truncated)).as("truncated segment").isEqualTo(Orientation.NORMAL);
        assertThat(ExifOrientationReader.read(Arrays.copyOf(plain, 3))).as("3 bytes").isEqualTo(Orientation.NORMAL);
    }

    @Test
    void shouldReadOnlyTheEntriesPresentWhenTheCountLies() throws IOException {
        byte[] plain = ExifJpegs.jpeg(blocks());
        byte[] huge = patched(ExifJpegs.app1(3, ByteOrder.BIG_ENDIAN, SHORT), 18, 0xFF, 0xFF); // 65,535 entries claimed

        assertThat(read(plain, huge)).isEqualTo(Orientation.ROTATE_180);
    }

    /** 20,000 random corruptions of a valid EXIF JPEG: no exception, always one of the eight values. */
    @Test
    void shouldNeverThrowOnCorruptedBytes() throws IOException {
        byte[] valid = ExifJpegs.withApp1(ExifJpegs.jpeg(blocks()), ExifJpegs.app1(8, ByteOrder.LITTLE_ENDIAN, SHORT));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = Arrays.copyOf(valid, 20 + rng.nextInt(valid.length - 20));
            for (int flips = 1 + rng.nextInt(4); flips > 0; flips--) {
                bytes[2 + rng.nextInt(Math.min(bytes.length, 80) - 2)] = (byte) rng.nextInt(256);
            }
            assertThat(ExifOrientationReader.read(bytes)).isNotNull();
        }
    }

    @Test
    void shouldOrientDecodedPixelsFromTheirEncodedBytes() throws IOException {
        byte[] jpeg = ExifJpegs.withApp1(ExifJpegs.jpeg(blocks()), ExifJpegs.app1(6, ByteOrder.LITTLE_ENDIAN, SHORT));
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));

        BufferedImage upright = ExifOrientationReader.orient(jpeg, decoded);

        assertThat(upright.getWidth()).isEqualTo(48);
        assertThat(level(upright, 0, 0)).isEqualTo(level(0, 2)); // the bottom-left block turns to the top left
    }

    private static Orientation read(byte[] jpeg, byte[] app1) {
        return ExifOrientationReader.read(ExifJpegs.withApp1(jpeg, app1));
    }

    private static byte[] patched(byte[] bytes, int at, int... values) {
        byte[] copy = bytes.clone();
        for (int i = 0; i < values.length; i++) {
            copy[at + i] = (byte) values[i];
        }
        return copy;
    }

    /** Stored 32 x 48 grey image: block (bx, by) of 16 x 16 px has level {@link #level(int, int)}. */
    private static BufferedImage blocks() {
        BufferedImage image = new BufferedImage(32, 48, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 32; x++) {
                image.getRaster().setSample(x, y, 0, level(x / 16, y / 16));
            }
        }
        return image;
    }

    private static int level(int bx, int by) {
        return 20 + 40 * (by * 2 + bx);
    }

    /** Grey level at the centre of block (bx, by) of a decoded image. */
    private static int level(BufferedImage image, int bx, int by) {
        return image.getRaster().getSample(bx * 16 + 8, by * 16 + 8, 0);
    }

    /**
     * Which stored block (of the 2 x 3 grid) shows at upright block (bx, by): the EXIF definitions,
     * written out per tag (w = 2, h = 3 blocks).
     */
    private static int[] storedBlock(int tag, int bx, int by) {
        return switch (tag) {
            case 1 -> new int[] {bx, by};
            case 2 -> new int[] {1 - bx, by};
            case 3 -> new int[] {1 - bx, 2 - by};
            case 4 -> new int[] {bx, 2 - by};
            case 5 -> new int[] {by, bx};
            case 6 -> new int[] {by, 2 - bx};
            case 7 -> new int[] {1 - by, 2 - bx};
            case 8 -> new int[] {1 - by, bx};
            default -> throw new IllegalArgumentException("tag " + tag);
        };
    }
}
