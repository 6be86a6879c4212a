package dev.facemask.cli.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.schema.ImageEncoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MjpegStreamReaderTest {

    @Test
    void shouldSplitAStreamOfJpegsExactlyAtTheirMarkers() throws IOException {
        List<byte[]> jpegs = MjpegStreams.jpegs(5);
        MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(MjpegStreams.concat(jpegs)), 1 << 20);

        List<SourceImage> frames = new ArrayList<>();
        Optional<SourceImage> next;
        while ((next = reader.next()).isPresent()) {
            frames.add(next.get());
        }

        assertThat(frames).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(frames.get(i).bytes()).isEqualTo(jpegs.get(i));
            assertThat(frames.get(i).encoding()).isEqualTo(ImageEncoding.JPEG);
            assertThat(frames.get(i).name()).isEqualTo("stdin#" + i);
        }
    }

    @Test
    void shouldReportAStreamCutInsideAFrame() throws IOException {
        byte[] jpeg = MjpegStreams.jpegs(1).get(0);
        byte[] cut = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
        MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(cut), 1 << 20);

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class)
                .hasMessageStartingWith("MJPEG stream ended inside frame 0");
    }

    @Test
    void shouldRefuseAFrameLargerThanTheLimit() throws IOException {
        byte[] jpeg = MjpegStreams.jpegs(1).get(0);
        MjpegStreamReader reader = new MjpegStreamReader(new ByteArrayInputStream(jpeg), 100);

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class)
                .hasMessageContaining("exceeds 100 bytes without an end-of-image marker");
    }
}
