package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path dir;

    @Test
    void shouldOpenAYoloFolder() throws IOException {
        Fixtures.labelled(dir.resolve("obj"), "a", "0 0.5 0.5 0.2 0.2\n");

        DatasetScan scan = Datasets.open(dir);

        assertThat(Datasets.detect(dir)).isEqualTo(DatasetFormat.YOLO_DARKNET);
        assertThat(scan.format()).isEqualTo(DatasetFormat.YOLO_DARKNET);
        assertThat(scan.root()).isEqualTo(dir);
        assertThat(scan.singleObject()).hasSize(1);
    }

    @Test
    void shouldOpenAVocFolder() throws IOException {
        Fixtures.image(dir.resolve("images/a.jpg"), 10, 10);
        Fixtures.text(dir.resolve("annotations/a.xml"), "<annotation><filename>a.jpg</filename><object><name>no-mask</name>"
                + "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>");

        DatasetScan scan = Datasets.open(dir);

        assertThat(scan.format()).isEqualTo(DatasetFormat.PASCAL_VOC);
        assertThat(scan.singleObject().get(0).single().classId()).isEqualTo(1);
    }

    @Test
    void shouldUnpackArchiveZipIntoObjOnceAndScanIt() throws IOException {
        Path zip = dir.resolve("archive.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            Path img = Fixtures.image(dir.resolve("tmp/a.jpg"), 20, 20);
            out.putNextEntry(new ZipEntry("obj/a.jpg"));
            out.write(Files.readAllBytes(img));
            out.putNextEntry(new ZipEntry("obj/a.txt"));
            out.write("1 0.5 0.5 0.5 0.5\n".getBytes());
            out.putNextEntry(new ZipEntry("obj.names"));
            out.write("masked\nunmasked\n".getBytes());
        }

        DatasetScan viaFolder = Datasets.open(dir);
        DatasetScan viaZip = Datasets.open(zip);

        assertThat(dir.resolve("obj/obj/a.jpg")).exists();
        assertThat(viaFolder.classNames()).containsExactly("masked", "unmasked");
        assertThat(viaFolder.singleObject()).extracting(LabeledImage::image).containsExactly(dir.resolve("obj/obj/a.jpg"));
        assertThat(viaZip.valid()).isEqualTo(viaFolder.valid().stream()
                .map(i -> new LabeledImage(i.image().toAbsolutePath(), i.annotations())).toList());
    }

    @Test
    void shouldSayWhatItExpectsInAnEmptyFolder() {
        assertThatThrownBy(() -> Datasets.open(dir))
                .isInstanceOf(IOException.class)
                .hasMessage("No dataset found in " + dir.toAbsolutePath() + ": expected obj/ with *.jpg and *.txt"
                        + " (YOLO darknet), annotations/*.xml (Pascal VOC) or archive.zip");
    }

    @Test
    void shouldNameAnUnreadableImage() throws IOException {
        Path fake = Fixtures.text(dir.resolve("fake.jpg"), "not a jpeg");
        Path missing = dir.resolve("missing.png");

        assertThatThrownBy(() -> ImageFiles.read(fake))
                .isInstanceOf(IOException.class)
                .hasMessage("Not an image ImageIO can read (JPEG or PNG expected): " + fake.toAbsolutePath());
        assertThatThrownBy(() -> ImageFiles.read(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("Image file not found: " + missing.toAbsolutePath());
    }

    @Test
    void shouldReadAnImageAndItsDimensions() throws IOException {
        Path png = Fixtures.image(dir.resolve("a.png"), 30, 12);

        assertThat(ImageFiles.read(png).getWidth()).isEqualTo(30);
        assertThat(ImageFiles.dimensions(png)).isEqualTo(new java.awt.Dimension(30, 12));
    }

    @Test
    void shouldNameATruncatedImage() throws IOException {
        Path png = Fixtures.image(dir.resolve("a.png"), 30, 12);
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, java.util.Arrays.copyOf(bytes, 40));

        assertThatThrownBy(() -> ImageFiles.read(png))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(png.toString());
    }
}
