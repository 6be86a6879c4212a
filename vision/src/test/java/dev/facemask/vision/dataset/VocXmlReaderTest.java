package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocXmlReaderTest {

    @TempDir
    Path dir;

    private static String voc(String filename, String size, String... objects) {
        StringBuilder sb = new StringBuilder("<annotation>\n  <folder>images</folder>\n  <filename>" + filename + "</filename>\n");
        sb.append(size);
        for (String o : objects) {
            sb.append(o);
        }
        return sb.append("</annotation>\n").toString();
    }

    private static String size(int w, int h) {
        return "  <size><width>" + w + "</width><height>" + h + "</height><depth>3</depth></size>\n";
    }

    private static String object(String name, double x0, double y0, double x1, double y1) {
        return "  <object><name>" + name + "</name><pose>Unspecified</pose><bndbox><xmin>" + x0 + "</xmin><ymin>" + y0
                + "</ymin><xmax>" + x1 + "</xmax><ymax>" + y1 + "</ymax></bndbox></object>\n";
    }

    @Test
    void shouldReadObjectsNormalisedToTheImageSizeWithVocClassNames() throws IOException {
        Fixtures.image(dir.resolve("images/m0.png"), 200, 100);
        Fixtures.text(dir.resolve("annotations/m0.xml"),
                voc("m0.png", size(200, 100), object("with_mask", 20, 10, 60, 50), object("without_mask", 100, 0, 200, 100)));

        DatasetScan scan = new VocXmlReader().scan(dir);

        assertThat(scan.format()).isEqualTo(DatasetFormat.PASCAL_VOC);
        assertThat(scan.valid()).hasSize(1);
        LabeledImage image = scan.valid().get(0);
        assertThat(image.image()).isEqualTo(dir.resolve("images/m0.png"));
        assertThat(image.annotations()).containsExactly(new Annotation(0, new Box(0.1, 0.1, 0.3, 0.5)),
                new Annotation(1, new Box(0.5, 0.0, 1.0, 1.0)));
        assertThat(scan.dropped()).extracting(DroppedFile::reason).containsExactly(DropReason.MULTIPLE_OBJECTS);
    }

    @Test
    void shouldReadTheImageHeaderWhenSizeIsMissing() throws IOException {
        Fixtures.image(dir.resolve("images/a.jpg"), 80, 40);
        Fixtures.text(dir.resolve("annotations/a.xml"), voc("a.jpg", "", object("mask", 8, 4, 40, 20)));

        Box box = new VocXmlReader().scan(dir).singleObject().get(0).single().box();

        assertThat(box.xMin()).isCloseTo(0.1, within(1e-9));
        assertThat(box.yMax()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void shouldDropUnknownClassesOutOfRangeBoxesAndMissingImages() throws IOException {
        Fixtures.image(dir.resolve("images/a.jpg"), 10, 10);
        Fixtures.image(dir.resolve("images/b.jpg"), 10, 10);
        Fixtures.image(dir.resolve("images/unlisted.jpg"), 10, 10);
        Fixtures.text(dir.resolve("annotations/a.xml"), voc("a.jpg", size(10, 10), object("mask_weared_incorrect", 1, 1, 5, 5)));
        Fixtures.text(dir.resolve("annotations/b.xml"), voc("b.jpg", size(10, 10), object("mask", 1, 1, 15, 5)));
        Fixtures.text(dir.resolve("annotations/c.xml"), voc("../../etc/c.jpg", size(10, 10), object("mask", 1, 1, 5, 5)));

        DatasetScan scan = new VocXmlReader().scan(dir);

        assertThat(scan.valid()).isEmpty();
        assertThat(scan.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.UNKNOWN_CLASS,
                        "annotations/a.xml object 1: class 'mask_weared_incorrect' is not one of [mask, no-mask]"),
                org.assertj.core.groups.Tuple.tuple(DropReason.OUT_OF_RANGE,
                        "annotations/b.xml object 1: box corners [0.1000, 0.1000, 1.5000, 0.5000] leave the image (0..1)"),
                org.assertj.core.groups.Tuple.tuple(DropReason.MISSING_IMAGE,
                        "annotations/c.xml: image '../../etc/c.jpg' not found in images"),
                org.assertj.core.groups.Tuple.tuple(DropReason.MISSING_ANNOTATION,
                        "images/unlisted.jpg: no annotation XML names this image"));
    }

    @Test
    void shouldRefuseExternalEntitiesWithoutReadingTheFile() throws IOException {
        Path secret = Fixtures.text(dir.resolve("secret.txt"), "TOP-SECRET");
        Fixtures.image(dir.resolve("images/x.jpg"), 10, 10);
        Fixtures.text(dir.resolve("annotations/x.xml"), "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE annotation [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + voc("x.jpg", size(10, 10), object("&xxe;", 1, 1, 5, 5)));

        DatasetScan scan = new VocXmlReader().scan(dir);

        assertThat(scan.valid()).isEmpty();
        DroppedFile dropped = scan.dropped(DropReason.MALFORMED_FILE).get(0);
        assertThat(dropped.detail()).startsWith("annotations/x.xml line 2: not valid annotation XML: ")
                .contains("DOCTYPE")
                .doesNotContain("TOP-SECRET");
    }

    @Test
    void shouldRefuseABillionLaughsDocument() throws IOException {
        Fixtures.image(dir.resolve("images/x.jpg"), 10, 10);
        Fixtures.text(dir.resolve("annotations/x.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY a \"aaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                + voc("x.jpg", size(10, 10), object("&c;", 1, 1, 5, 5)));

        DatasetScan scan = new VocXmlReader().scan(dir);

        assertThat(scan.dropped()).extracting(DroppedFile::reason).containsExactly(DropReason.MALFORMED_FILE);
    }
}
