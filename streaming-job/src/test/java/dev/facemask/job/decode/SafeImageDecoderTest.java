package dev.facemask.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.job.testing.TestImages;
import dev.facemask.schema.ErrorKind;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.preprocess.ModelSizedImage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SafeImageDecoderTest {

    private final SafeImageDecoder decoder = new SafeImageDecoder(new ImageLimits(200_000, 1_000_000));

    @Test
    void shouldDecodeJpegAndPngBySize() throws Exception {
        DecodedImage jpeg = decoder.decode(TestImages.jpeg(64, 48, 200));
        DecodedImage png = decoder.decode(TestImages.png(30, 90, 200));
        assertThat(jpeg.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(jpeg.width()).isEqualTo(64);
        assertThat(jpeg.height()).isEqualTo(48);
        assertThat(png.format()).isEqualTo(ImageFormat.PNG);
        assertThat(png.width()).isEqualTo(30);
        assertThat(png.height()).isEqualTo(90);
    }

    /**
     * For a 244 px model the job decodes every 5th pixel of a 1280x720 frame, exactly the pixels
     * training and evaluation read from the same bytes ({@code ImageFiles.readForModel}).
     */
    @Test
    void shouldDecodeACameraFrameForTheModelAsTrainingReadsIt() throws Exception {
        byte[] frame = TestImages.jpeg(1280, 720, 200);
        SafeImageDecoder large = new SafeImageDecoder(new ImageLimits(2_000_000, 2_000_000));

        try (DecodedImage decoded = large.decode(frame, 244)) {
            ModelSizedImage training = ImageFiles.readForModel(frame, "frame", 244);
            assertThat(decoded.width()).isEqualTo(1280);
            assertThat(decoded.height()).isEqualTo(720);
            assertThat(decoded.image().getWidth()).isEqualTo(256);
            assertThat(decoded.image().getHeight()).isEqualTo(144);
            assertThat(decoded.image().getRGB(0, 0, 256, 144, null, 0, 256))
                    .isEqualTo(training.pixels().getRGB(0, 0, 256, 144, null, 0, 256));
            assertThat(decoded.forModel().width()).isEqualTo(training.width());
            assertThat(decoded.forModel().height()).isEqualTo(training.height());
        }
    }

    @Test
    void shouldRejectEmptyBytes() {
        assertRejected(new byte[0], ErrorKind.EMPTY_IMAGE, "Image is empty (0 bytes)");
        assertRejected(null, ErrorKind.EMPTY_IMAGE, "Image is empty (0 bytes)");
    }

    @Test
    void shouldRejectUnknownFormatNamingTheFirstBytes() {
        assertRejected("GIF89a....".getBytes(StandardCharsets.US_ASCII), ErrorKind.UNKNOWN_FORMAT,
                "Not a JPEG or PNG: the bytes start with 4749463839612e2e...");
    }

    @Test
    void shouldRejectTooManyBytesBeforeLookingAtThem() {
        assertRejected(new byte[200_001], ErrorKind.TOO_LARGE,
                "Image has 200001 bytes, more than the limit of 200000");
    }

    @Test
    void shouldRejectDecompressionBombFromTheHeader() {
        byte[] bomb = TestImages.pngClaiming(50_000, 50_000);
        assertThat(bomb.length).isLessThan(100);
        assertRejected(bomb, ErrorKind.TOO_LARGE,
                "PNG header says 50000x50000 = 2500000000 pixels, more than the limit of 1000000");
    }

    @Test
    void shouldRejectTruncatedJpegAndPngAsCorrupt() {
        assertKind(TestImages.truncated(TestImages.jpeg(64, 64, 200), 0.5), ErrorKind.CORRUPT_IMAGE);
        assertKind(TestImages.truncated(TestImages.png(64, 64, 200), 0.5), ErrorKind.CORRUPT_IMAGE);
        assertKind(TestImages.truncated(TestImages.jpeg(64, 64, 200), 0.02), ErrorKind.CORRUPT_IMAGE);
    }

    @Test
    void shouldRejectGarbageAfterAJpegMagicAsCorrupt() {
        byte[] garbage = TestImages.randomBytes(7, 500);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        garbage[2] = (byte) 0xFF;
        assertKind(garbage, ErrorKind.CORRUPT_IMAGE);
    }

    private void assertRejected(byte[] bytes, ErrorKind kind, String message) {
        assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessage(message);
    }

    private void assertKind(byte[] bytes, ErrorKind kind) {
        assertThatThrownBy(() -> decoder.decode(bytes))
                .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
