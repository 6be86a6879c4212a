package dev.facemask.vision.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.DatasetScan;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.ImageFiles;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.geometry.Box;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFaceGeneratorTest {

    @TempDir
    Path dir;

    private static SyntheticOptions.Builder options(Path out) {
        return SyntheticOptions.builder().images(40).seed(11).outputDir(out);
    }

    @Test
    void shouldWriteNImagesAndNLabelsWithValidSingleBoxes() throws IOException {
        SyntheticDataset data = new SyntheticFaceGenerator(options(dir).build()).generate();

        DatasetScan scan = Datasets.open(dir);

        assertThat(data.images()).isEqualTo(40);
        assertThat(data.maskedFaces() + data.unmaskedFaces()).isEqualTo(40);
        assertThat(files(dir.resolve("obj"), ".jpg")).hasSize(40);
        assertThat(files(dir.resolve("obj"), ".txt")).hasSize(40);
        assertThat(Files.readString(dir.resolve("obj.names"))).isEqualTo("mask\nno-mask\n");
        assertThat(scan.dropped()).isEmpty();
        assertThat(scan.singleObject()).hasSize(40);
        assertThat(scan.facesOf(0)).isEqualTo(data.maskedFaces()).isBetween(10, 30);
        for (LabeledImage image : scan.valid()) {
            BufferedImage pixels = ImageFiles.read(image.image());
            assertThat(pixels.getWidth()).isBetween(160, 320);
            assertThat(pixels.getHeight()).isBetween(160, 320);
            Box box = image.single().box();
            assertThat(box.xMin()).isGreaterThanOrEqualTo(0);
            assertThat(box.yMin()).isGreaterThanOrEqualTo(0);
            assertThat(box.xMax()).isLessThanOrEqualTo(1);
            assertThat(box.yMax()).isLessThanOrEqualTo(1);
            double faceShare = box.height() * pixels.getHeight() / Math.min(pixels.getWidth(), pixels.getHeight());
            assertThat(faceShare).isBetween(SyntheticFaceGenerator.MIN_FACE - 0.001, SyntheticFaceGenerator.MAX_FACE + 0.001);
        }
    }

    @Test
    void shouldWriteByteIdenticalFilesForASeedWhateverTheThreadCount() throws IOException {
        new SyntheticFaceGenerator(options(dir.resolve("a")).threads(1).images(12).build()).generate();
        new SyntheticFaceGenerator(options(dir.resolve("b")).threads(3).images(12).build()).generate();
        new SyntheticFaceGenerator(options(dir.resolve("c")).seed(12).images(12).build()).generate();

        for (Path a : files(dir.resolve("a/obj"), "")) {
            Path b = dir.resolve("b/obj").resolve(a.getFileName());
            assertThat(Files.mismatch(a, b)).as(a.getFileName().toString()).isEqualTo(-1L);
        }
        Path first = dir.resolve("a/obj/synth_000000.jpg");
        assertThat(Files.mismatch(first, dir.resolve("c/obj/synth_000000.jpg"))).isNotEqualTo(-1L);
    }

    @Test
    void shouldRenderTheSameImageInMemoryAsOnDiskLabels() throws IOException {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(options(dir).images(3).build());
        generator.generate();

        SyntheticImage image = generator.render(2);

        Box onDisk = Datasets.open(dir).valid().get(2).single().box();
        Box inMemory = image.annotations().get(0).box();
        assertThat(onDisk.iou(inMemory)).isGreaterThan(0.9999);
    }

    @Test
    void shouldPlaceSeveralFacesWithoutOverlap() {
        SyntheticFaceGenerator generator = new SyntheticFaceGenerator(options(dir).facesPerImage(3).build());

        for (int i = 0; i < 10; i++) {
            List<Annotation> faces = generator.render(i).annotations();
            assertThat(faces).hasSize(3);
            for (int a = 0; a < faces.size(); a++) {
                for (int b = a + 1; b < faces.size(); b++) {
                    assertThat(faces.get(a).box().iou(faces.get(b).box())).isZero();
                }
            }
        }
    }

    @Test
    void shouldHonourTheMaskedFraction() {
        SyntheticFaceGenerator allMasked = new SyntheticFaceGenerator(options(dir).maskedFraction(1).build());
        SyntheticFaceGenerator noneMasked = new SyntheticFaceGenerator(options(dir).maskedFraction(0).build());

        assertThat(allMasked.render(5).annotations().get(0).classId()).isZero();
        assertThat(noneMasked.render(5).annotations().get(0).classId()).isOne();
    }

    /**
     * The labels of two fixed runs, concatenated in file order, by SHA-256: any change in the random
     * draws of the single-face generator (placement, classes, and with several faces per image the
     * painting before the next face's class) changes them. The tuned training recipe depends on
     * these exact files; the JPEG bytes are not pinned here because Java2D's anti-aliasing may differ
     * between JDK builds.
     */
    @Test
    void shouldKeepTheLabelsOfEarlierReleasesForTheSameSeed() throws IOException {
        new SyntheticFaceGenerator(options(dir.resolve("a")).images(60).build()).generate();
        new SyntheticFaceGenerator(options(dir.resolve("b")).images(30).seed(3).facesPerImage(4).maskedFraction(0.3)
                .sideRange(100, 500).threads(1).build()).generate();

        assertThat(labelDigest(dir.resolve("a/obj"))).isEqualTo("f55cdd1c943e37f665381ad74fc605b5c1c7736577e0312fee5621a4c6192e6b");
        assertThat(labelDigest(dir.resolve("b/obj"))).isEqualTo("0b904482e932f58e329fff4c2896084922e7a02dd99bd5c49fa10fc54a39abde");
    }

    @Test
    void shouldRefuseAFolderHoldingOtherFiles() throws IOException {
        Files.createDirectories(dir.resolve("obj"));
        Files.writeString(dir.resolve("obj/real.jpg"), "x");

        assertThatThrownBy(() -> new SyntheticFaceGenerator(options(dir).build()).generate())
                .isInstanceOf(IOException.class)
                .hasMessage("Refusing to write synthetic images into " + dir.resolve("obj").toAbsolutePath()
                        + ": it holds other files (real.jpg); choose an empty output folder");
    }

    @Test
    void shouldReplaceAnEarlierSmallerRun() throws IOException {
        new SyntheticFaceGenerator(options(dir).images(5).build()).generate();
        new SyntheticFaceGenerator(options(dir).images(3).build()).generate();

        assertThat(files(dir.resolve("obj"), ".jpg")).hasSize(3);
    }

    @Test
    void shouldValidateOptionsWithActionableMessages() {
        assertThatThrownBy(() -> SyntheticOptions.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Set outputDir: the folder that will hold obj/ and obj.names");
        assertThatThrownBy(() -> options(dir).sideRange(300, 200).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Side range must satisfy 64 <= min <= max <= 4096, was 300..200");
        assertThatThrownBy(() -> options(dir).outputDir(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("outputDir");
    }

    private static String labelDigest(Path obj) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path label : files(obj, ".txt")) {
                sha.update(Files.readAllBytes(label));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> files(Path folder, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
