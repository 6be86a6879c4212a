package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.facemask.vision.geometry.Box;
import dev.facemask.vision.testkit.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloDarknetReaderTest {

    @TempDir
    Path dir;

    private Path obj() {
        return dir.resolve("obj");
    }

    private DatasetScan scan() throws IOException {
        return new YoloDarknetReader().scan(dir);
    }

    @Test
    void shouldReadCentreFormIntoCornerBoxNormalisedToImage() throws IOException {
        Fixtures.labelled(obj(), "a", "1 0.5 0.4 0.2 0.3\n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).hasSize(1);
        LabeledImage image = scan.singleObject().get(0);
        assertThat(image.image()).isEqualTo(obj().resolve("a.jpg"));
        Annotation face = image.single();
        assertThat(face.classId()).isEqualTo(1);
        assertThat(face.box().xMin()).isCloseTo(0.4, within(1e-9));
        assertThat(face.box().yMin()).isCloseTo(0.25, within(1e-9));
        assertThat(face.box().xMax()).isCloseTo(0.6, within(1e-9));
        assertThat(face.box().yMax()).isCloseTo(0.55, within(1e-9));
        assertThat(scan.classNames()).containsExactly("mask", "no-mask");
        assertThat(scan.dropped()).isEmpty();
    }

    @Test
    void shouldTolerateBlankLinesCrlfBomTabsAndTrailingSpaces() throws IOException {
        Fixtures.labelled(obj(), "a", "\uFEFF0 0.5 0.5 0.2 0.2  \r\n\r\n   \r\n");
        Fixtures.labelled(obj(), "b", "\n\n1\t0.5 0.5\t0.4 0.4\t \n");

        DatasetScan scan = scan();

        assertThat(scan.singleObject()).hasSize(2);
        assertThat(scan.singleObject().get(0).single()).isEqualTo(new Annotation(0, Box.fromCenter(0.5, 0.5, 0.2, 0.2)));
        assertThat(scan.singleObject().get(1).single().classId()).isEqualTo(1);
        assertThat(scan.dropped()).isEmpty();
    }

    @Test
    void shouldDropMalformedLinesNamingFileAndLine() throws IOException {
        Fixtures.labelled(obj(), "few", "0 0.5 0.5 0.2 0.2\n\n0 0.5 0.5 0.2\n");
        Fixtures.labelled(obj(), "text", "mask 0.5 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "float", "0 0.5 0.5 abc 0.2\n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).isEmpty();
        assertThat(scan.dropped()).extracting(DroppedFile::reason).containsOnly(DropReason.MALFORMED_LINE);
        assertThat(scan.dropped()).extracting(DroppedFile::detail).containsExactly(
                "obj/few.txt line 3: expected 5 fields 'class cx cy w h', got 4: '0 0.5 0.5 0.2'",
                "obj/float.txt line 1: not numbers 'class cx cy w h': '0 0.5 0.5 abc 0.2'",
                "obj/text.txt line 1: not numbers 'class cx cy w h': 'mask 0.5 0.5 0.2 0.2'");
    }

    @Test
    void shouldReportAnnotationWithoutImageAndImageWithoutAnnotation() throws IOException {
        Fixtures.text(obj().resolve("lonely.txt"), "0 0.5 0.5 0.2 0.2\n");
        Fixtures.image(obj().resolve("unlabelled.png"), 10, 10);

        DatasetScan scan = scan();

        assertThat(scan.valid()).isEmpty();
        assertThat(scan.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.MISSING_IMAGE,
                        "obj/lonely.txt: no image lonely.jpg, lonely.jpeg or lonely.png beside it"),
                org.assertj.core.groups.Tuple.tuple(DropReason.MISSING_ANNOTATION,
                        "obj/unlabelled.png: no annotation file unlabelled.txt beside it"));
    }

    @Test
    void shouldDropOutOfRangeAndZeroSizeBoxes() throws IOException {
        Fixtures.labelled(obj(), "a_outside", "0 0.95 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "b_zero", "0 0.5 0.5 0 0.2\n");
        Fixtures.labelled(obj(), "c_negative", "0 0.5 0.5 0.2 -0.1\n");
        Fixtures.labelled(obj(), "d_nan", "0 NaN 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "e_edge", "0 0.1 0.1 0.2 0.2\n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).extracting(i -> i.image().getFileName().toString()).containsExactly("e_edge.jpg");
        assertThat(scan.dropped(DropReason.OUT_OF_RANGE)).hasSize(4);
        assertThat(scan.dropped().get(0).detail())
                .isEqualTo("obj/a_outside.txt line 1: box corners [0.8500, 0.4000, 1.0500, 0.6000] leave the image (0..1): "
                        + "'0 0.95 0.5 0.2 0.2'");
        assertThat(scan.dropped().get(1).detail()).startsWith("obj/b_zero.txt line 1: box has zero or negative size");
    }

    @Test
    void shouldDropUnknownClassIdsAgainstTheNamesFile() throws IOException {
        Fixtures.text(dir.resolve("obj.names"), "mask\nno-mask\nmask-worn-incorrectly\n");
        Fixtures.labelled(obj(), "ok", "2 0.5 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "too_big", "3 0.5 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "negative", "-1 0.5 0.5 0.2 0.2\n");

        DatasetScan scan = scan();

        assertThat(scan.classNames()).containsExactly("mask", "no-mask", "mask-worn-incorrectly");
        assertThat(scan.valid()).hasSize(1);
        assertThat(scan.dropped(DropReason.UNKNOWN_CLASS)).extracting(DroppedFile::detail).containsExactly(
                "obj/negative.txt line 1: class id -1 is not in 0..2 (see obj.names)",
                "obj/too_big.txt line 1: class id 3 is not in 0..2 (see obj.names)");
    }

    @Test
    void shouldKeepMultiObjectImagesAsValidButOutOfTheSingleObjectSet() throws IOException {
        Fixtures.labelled(obj(), "crowd", "0 0.2 0.2 0.1 0.1\n1 0.5 0.5 0.1 0.1\n0 0.8 0.8 0.1 0.1\n");
        Fixtures.labelled(obj(), "single", "1 0.5 0.5 0.3 0.3\n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).hasSize(2);
        assertThat(scan.singleObject()).extracting(i -> i.image().getFileName().toString()).containsExactly("single.jpg");
        assertThat(scan.facesPerClass()).isEqualTo(Map.of("mask", 2, "no-mask", 2));
        assertThat(scan.facesOf(0)).isEqualTo(2);
        assertThat(scan.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.MULTIPLE_OBJECTS,
                        "obj/crowd.txt: 3 faces; only single-face images are kept for training"));
    }

    @Test
    void shouldDropEmptyAnnotationFiles() throws IOException {
        Fixtures.labelled(obj(), "empty", "\r\n  \n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).isEmpty();
        assertThat(scan.droppedCounts()).isEqualTo(Map.of(DropReason.EMPTY_ANNOTATION, 1));
    }

    @Test
    void shouldDropHugeAnnotationFilesWithoutReadingThemWhole() throws IOException {
        Fixtures.labelled(obj(), "bytes", "0 0.5 0.5 0.2 0.2\n".repeat(70_000)); // 1.26 MB
        Fixtures.labelled(obj(), "lines", "\n".repeat(10_001) + "0 0.5 0.5 0.2 0.2\n");

        DatasetScan scan = scan();

        assertThat(scan.valid()).isEmpty();
        assertThat(scan.dropped()).extracting(DroppedFile::reason).containsOnly(DropReason.MALFORMED_FILE);
        assertThat(scan.dropped()).extracting(DroppedFile::detail).containsExactly(
                "obj/bytes.txt: file is 1260000 bytes, over the limit of 1048576 bytes",
                "obj/lines.txt: more than 10000 lines, over the limit");
    }

    @Test
    void shouldDropATwoMillionLineAnnotationFileAfterReadingOnlyUpToTheLimit() throws IOException {
        Fixtures.labelled(obj(), "huge", "0 0.5 0.5 0.2 0.2\n".repeat(2_000_000)); // 36 MB
        AnnotationLimits roomyBytes = new AnnotationLimits(64L << 20, AnnotationLimits.DEFAULT.maxLines());

        DatasetScan bySize = scan();
        long start = System.nanoTime();
        long allocated = allocatedBytes();
        DatasetScan byLines = new YoloDarknetReader(roomyBytes).scan(dir);
        allocated = allocatedBytes() - allocated;
        double millis = (System.nanoTime() - start) / 1e6;

        Figures.report("2,000,000-line annotation file (36 MB) dropped: by size without reading it; by line"
                + " count after 10,001 lines in %.0f ms, %.1f MB allocated", millis, allocated / 1e6);
        assertThat(bySize.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.MALFORMED_FILE,
                        "obj/huge.txt: file is 36000000 bytes, over the limit of 1048576 bytes"));
        assertThat(byLines.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.MALFORMED_FILE,
                        "obj/huge.txt: more than 10000 lines, over the limit"));
        assertThat(bySize.valid()).isEmpty();
        assertThat(byLines.valid()).isEmpty();
        // Parsing 10,000 lines costs about 17 MB here; reading the whole file would cost at least its
        // 72 MB of chars, and parsing it about 3.4 GB.
        assertThat(allocated).isLessThan(48L << 20);
    }

    @Test
    void shouldDropFilesWhoseNamesAreNotUtf8OnDiskRatherThanPairThemWrongly() throws Exception {
        Fixtures.labelled(obj(), "good", "0 0.5 0.5 0.2 0.2\n");
        // Two pairs named in Latin-1 ("\u00e4" and "\u00e5"): both read as "\uFFFD" in Java, so by name alone
        // a label could be paired with the other's image.
        for (String octal : List.of("344", "345")) {
            renameToRawBytes(Fixtures.image(obj().resolve("tmp.jpg"), 40, 30), octal, "jpg");
            renameToRawBytes(Fixtures.text(obj().resolve("tmp.txt"), "1 0.5 0.5 0.2 0.2\n"), octal, "txt");
        }
        assertThat(Fixtures.tree(obj())).hasSize(6);

        DatasetScan scan = scan();

        assertThat(scan.valid()).extracting(i -> i.image().getFileName().toString()).containsExactly("good.jpg");
        assertThat(scan.dropped()).hasSize(4).allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(DropReason.BAD_FILE_NAME);
            assertThat(d.detail()).startsWith("obj/\uFFFD.").endsWith(
                    ": file name is not valid UTF-8; rename it (it could be confused with another file)");
        });
    }

    @Test
    void shouldHonourCustomLimits() throws IOException {
        Fixtures.labelled(obj(), "a", "0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.2\n0 0.5 0.5 0.2 0.2\n");

        DatasetScan scan = new YoloDarknetReader(new AnnotationLimits(1024, 2)).scan(dir);

        assertThat(scan.dropped()).extracting(DroppedFile::detail).containsExactly("obj/a.txt: more than 2 lines, over the limit");
    }

    @Test
    void shouldDropFilesThatAreNotUtf8() throws IOException {
        Fixtures.image(obj().resolve("bin.jpg"), 10, 10);
        Files.write(obj().resolve("bin.txt"), new byte[] {'0', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        DatasetScan scan = scan();

        assertThat(scan.dropped()).extracting(DroppedFile::reason, DroppedFile::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DropReason.MALFORMED_FILE, "obj/bin.txt: not UTF-8 text"));
    }

    @Test
    void shouldReadImagesInTheFolderItselfWithClassesTxtAndSkipIt() throws IOException {
        Fixtures.text(dir.resolve("classes.txt"), "with-mask\r\nwithout-mask\r\n");
        Fixtures.labelled(dir, "a", "1 0.5 0.5 0.2 0.2\n");

        DatasetScan scan = scan();

        assertThat(scan.classNames()).containsExactly("with-mask", "without-mask");
        assertThat(scan.valid()).hasSize(1);
        assertThat(scan.dropped()).isEmpty();
    }

    @Test
    void shouldDescendIntoASingleNestedFolderAsUnpackedZipsHaveThem() throws IOException {
        Fixtures.labelled(dir.resolve("obj/obj"), "a", "0 0.5 0.5 0.2 0.2\n");

        assertThat(YoloDarknetReader.locateImagesFolder(dir)).isEqualTo(dir.resolve("obj/obj"));
        assertThat(scan().valid()).hasSize(1);
    }

    @Test
    void shouldPreferJpgWhenSeveralImagesShareAStem() throws IOException {
        Fixtures.image(obj().resolve("a.png"), 10, 10);
        Fixtures.labelled(obj(), "a", "0 0.5 0.5 0.2 0.2\n");

        assertThat(scan().valid()).extracting(LabeledImage::image).containsExactly(obj().resolve("a.jpg"));
    }

    @Test
    void shouldRefuseAMissingFolderByName() {
        Path missing = dir.resolve("nope");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new YoloDarknetReader().scan(missing))
                .isInstanceOf(IOException.class)
                .hasMessage("Dataset folder not found: " + missing.toAbsolutePath());
    }

    /** Renames {@code file} to the single byte {@code octal} (not valid UTF-8 on its own) plus the extension. */
    private static void renameToRawBytes(Path file, String octal, String extension) throws Exception {
        // Java cannot create such a name itself: it encodes every name it is given as UTF-8.
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "mv \"$SOURCE\" \"$DIR/$(printf '\\" + octal + "').$EXT\"");
        pb.environment().put("SOURCE", file.toString());
        pb.environment().put("DIR", file.getParent().toString());
        pb.environment().put("EXT", extension);
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("mv to a raw-byte name: " + output).isZero();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldSummariseCounts() throws IOException {
        Fixtures.labelled(obj(), "a", "0 0.5 0.5 0.2 0.2\n");
        Fixtures.labelled(obj(), "b", "0 0.5 0.5 0.2 0.2\n1 0.5 0.5 0.2 0.2\n");

        assertThat(scan().summary())
                .isEqualTo("2 valid images, 1 single-face; faces {mask=2, no-mask=1}; dropped {MULTIPLE_OBJECTS=1}");
        assertThat(List.copyOf(scan().facesPerClass().keySet())).containsExactly("mask", "no-mask");
    }
}
