package dev.facemask.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class FrameSizeTest {

    private final FrameSize.Converter converter = new FrameSize.Converter();

    @Test
    void shouldParseWidthByHeight() {
        assertThat(converter.convert("1280x720")).isEqualTo(new FrameSize(1280, 720));
        assertThat(converter.convert(" 640X480 ").toString()).isEqualTo("640x480");
    }

    @Test
    void shouldSayWhatToWriteWhenTheSizeIsNotWidthByHeight() {
        assertThatThrownBy(() -> converter.convert("1280*720")).isInstanceOf(TypeConversionException.class)
                .hasMessage("Frame size must be WIDTHxHEIGHT, like 1280x720; was '1280*720'");
    }

    @Test
    void shouldRefuseSidesOutsideTheRange() {
        assertThatThrownBy(() -> converter.convert("32x720")).isInstanceOf(TypeConversionException.class)
                .hasMessage("Frame size must be 64 to 8192 pixels a side, like 1280x720; was 32x720");
    }

    @Test
    void shouldDrawFramesOfTheRequestedSize() throws Exception {
        byte[] jpeg = BenchFrames.jpegs(1, new FrameSize(320, 180)).get(0);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(180);
    }
}
