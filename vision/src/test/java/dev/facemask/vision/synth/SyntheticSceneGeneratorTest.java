package dev.facemask.vision.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.dataset.Annotation;
import dev.facemask.vision.dataset.DatasetScan;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.DropReason;
import dev.facemask.vision.dataset.LabeledImage;
import dev.facemask.vision.geometry.Box;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticSceneGeneratorTest {

    @TempDir
    Path dir;

    private SceneOptions.Builder options() {
        return SceneOptions.builder().images(60).seed(5).outputDir(dir);
    }

    @Test
    void shouldWriteByteIdenticalFilesForASeedWhateverTheThreadCount() throws IOException {
        new SyntheticSceneGenerator(options().outputDir(dir.resolve("a")).threads(1).images(10).build()).generate();
        new SyntheticSceneGenerator(options().outputDir(dir.resolve("b")).threads(3).images(10).build()).generate();
        new SyntheticSceneGenerator(options().outputDir(dir.resolve("c")).seed(6).images(10).build()).generate();

        List<Path> written = files(dir.resolve("a/obj"));
        assertThat(written).hasSize(20);
        for (Path a : written) {
            assertThat(Files.mismatch(a, dir.resolve("b/obj").resolve(a.getFileName()))).as(a.getFileName().toString())
                    .isEqualTo(-1L);
        }
        assertThat(Files.mismatch(dir.resolve("a/obj/synth_000000.jpg"), dir.resolve("c/obj/synth_000000.jpg")))
                .isNotEqualTo(-1L);
    }

    @Test
    void shouldKeepFaceCountsAndSizesWithinTheDefaultRanges() {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().build());
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (int i = 0; i < 60; i++) {
            SyntheticScene scene = generator.render(i);
            assertThat(scene.image().getWidth()).isEqualTo(320);
            assertThat(scene.image().getHeight()).isEqualTo(320);
            fewest = Math.min(fewest, scene.faces().size());
            most = Math.max(most, scene.faces().size());
            for (SceneFace face : scene.faces()) {
                smallest = Math.min(smallest, face.box().height());
                largest = Math.max(largest, face.box().height());
            }
        }
        assertThat(fewest).isEqualTo(1);
        assertThat(most).isEqualTo(8);
        assertThat(smallest).isBetween(12.0, 16.0);
        assertThat(largest).isBetween(120.0, 200.0);
    }

    @Test
    void shouldKeepFaceCountsSizesAndImageSidesWithinChosenRanges() {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().faces(new IntRange(2, 3))
                .imageSide(new IntRange(200, 400)).faceSize(new IntRange(20, 60)).build());
        for (int i = 0; i < 40; i++) {
            SyntheticScene scene = generator.render(i);
            assertThat(scene.image().getWidth()).isBetween(200, 400);
            assertThat(scene.image().getHeight()).isBetween(200, 400);
            assertThat(scene.faces().size()).isBetween(2, 3);
            for (SceneFace face : scene.faces()) {
                assertThat(face.box().height()).isBetween(20.0, 60.0);
            }
        }
    }

    @Test
    void shouldPaintEveryClassOverAFewDozenImages() {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().build());
        Map<FaceWear, Integer> counts = new EnumMap<>(FaceWear.class);
        int faces = 0;
        for (int i = 0; i < 36; i++) {
            for (SceneFace face : generator.render(i).faces()) {
                counts.merge(face.wear(), 1, Integer::sum);
                faces++;
            }
        }
        for (FaceWear wear : FaceWear.values()) {
            assertThat(counts.getOrDefault(wear, 0) / (double) faces).as(wear.name()).isGreaterThan(0.2);
        }
    }

    /** Compares each scene with its background alone: what changed is exactly the faces and occluders. */
    @Test
    void shouldKeepEveryBoxInsideTheImageAndOnItsPaintedFace() {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().imageSide(new IntRange(160, 480)).build());
        for (int i = 0; i < 20; i++) {
            SyntheticScene scene = generator.render(i);
            BufferedImage image = scene.image();
            BufferedImage background = generator.background(i);
            List<Box> painted = new ArrayList<>(scene.occluders());
            scene.faces().forEach(f -> painted.add(f.box()));
            for (Box box : painted) {
                assertThat(box.xMin()).isGreaterThanOrEqualTo(0);
                assertThat(box.yMin()).isGreaterThanOrEqualTo(0);
                assertThat(box.xMax()).isLessThanOrEqualTo(image.getWidth());
                assertThat(box.yMax()).isLessThanOrEqualTo(image.getHeight());
            }
            // Anti-aliased edges reach into the pixel just outside a box.
            List<Box> grown = painted.stream().map(b -> grown(b, 1)).toList();
            int w = image.getWidth();
            int[] after = image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
            int[] before = background.getRGB(0, 0, w, image.getHeight(), null, 0, w);
            for (int p = 0; p < after.length; p++) {
                if (after[p] != before[p] && !anyContains(grown, p % w + 0.5, p / w + 0.5)) {
                    throw new AssertionError("scene " + i + " pixel (" + p % w + ", " + p / w + ") changed outside every box");
                }
            }
            for (int f = 0; f < scene.faces().size(); f++) {
                assertThat(paintedShareOfVisibleHead(scene, f, background)).as("scene %d face %d", i, f)
                        .isGreaterThan(0.9);
            }
        }
    }

    @Test
    void shouldNeverCoverMoreThanTheBoundOrAnyClassRegion() {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().build());
        int occluded = 0;
        for (int i = 0; i < 60; i++) {
            SyntheticScene scene = generator.render(i);
            for (int f = 0; f < scene.faces().size(); f++) {
                Box face = scene.faces().get(f).box();
                List<Box> covers = coversOf(scene, f);
                for (Box cover : covers) {
                    assertThat(OcclusionRule.intersects(cover, OcclusionRule.classRegion(face))).isFalse();
                }
                double share = sampledCoveredShare(face, covers);
                assertThat(share).as("scene %d face %d", i, f).isLessThanOrEqualTo(OcclusionRule.MAX_COVERED_SHARE + 0.02);
                occluded += share > 0.05 ? 1 : 0;
            }
        }
        assertThat(occluded).as("faces partly covered").isGreaterThan(20);
    }

    @Test
    void shouldWriteOneLabelLinePerFaceAndTheThreeClassNames() throws IOException {
        SyntheticSceneGenerator generator = new SyntheticSceneGenerator(options().images(12).build());
        SyntheticDataset data = generator.generate();

        DatasetScan scan = Datasets.open(dir);

        assertThat(Files.readString(dir.resolve("obj.names"))).isEqualTo("mask\nno-mask\nmask-worn-incorrectly\n");
        assertThat(scan.classNames()).containsExactly("mask", "no-mask", "mask-worn-incorrectly");
        // Multi-face images are valid; the seed's single-face filter only notes them as dropped for --head single.
        assertThat(scan.dropped()).allMatch(d -> d.reason() == DropReason.MULTIPLE_OBJECTS);
        assertThat(scan.valid()).hasSize(12);
        assertThat(data.faces()).isEqualTo(scan.valid().stream().mapToInt(l -> l.annotations().size()).sum());
        for (int i = 0; i < 12; i++) {
            LabeledImage onDisk = scan.valid().get(i);
            List<Annotation> inMemory = generator.render(i).annotations();
            assertThat(onDisk.annotations()).hasSameSizeAs(inMemory);
            for (int f = 0; f < inMemory.size(); f++) {
                assertThat(onDisk.annotations().get(f).classId()).isEqualTo(inMemory.get(f).classId());
                assertThat(onDisk.annotations().get(f).box().iou(inMemory.get(f).box())).isGreaterThan(0.999);
            }
        }
    }

    @Test
    void shouldRefuseBadRangesWithActionableMessages() {
        assertThatThrownBy(() -> options().faces(new IntRange(0, 3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Faces per image must be a range within 1-8 with MIN <= MAX, like 1-8 or 3; was 0-3");
        assertThatThrownBy(() -> options().faces(new IntRange(9, 2)).build())
                .hasMessage("Faces per image must be a range within 1-8 with MIN <= MAX, like 1-8 or 3; was 9-2");
        assertThatThrownBy(() -> options().imageSide(IntRange.of(32)).build())
                .hasMessage("Image size must be a range within 64-4096 pixels with MIN <= MAX, like 320 or 256-640; was 32");
        assertThatThrownBy(() -> options().imageSide(IntRange.of(100)).faceSize(new IntRange(40, 60)).build())
                .hasMessage("Face size must be a range of at least 8 pixels with MIN <= MAX, and MIN at most 0.8 x "
                        + "the smallest image side / sqrt(most faces) = 28 so that every face fits; was 40-60");
    }

    /** Boxes painted after face {@code f}: larger faces in front of it, then every occluder. */
    private static List<Box> coversOf(SyntheticScene scene, int f) {
        List<Box> covers = new ArrayList<>();
        scene.faces().subList(f + 1, scene.faces().size()).forEach(later -> covers.add(later.box()));
        covers.addAll(scene.occluders());
        return covers;
    }

    /**
     * Covered share on a 100 x 100 grid of points over the box, independent of the rule's exact union;
     * each cover edge moves it by at most 1%, hence the test's tolerance.
     */
    private static double sampledCoveredShare(Box face, List<Box> covers) {
        int covered = 0;
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < 100; j++) {
                double x = face.xMin() + face.width() * (i + 0.5) / 100;
                double y = face.yMin() + face.height() * (j + 0.5) / 100;
                covered += anyContains(covers, x, y) ? 1 : 0;
            }
        }
        return covered / 10_000.0;
    }

    private static boolean anyContains(List<Box> boxes, double x, double y) {
        for (Box b : boxes) {
            if (b.contains(x, y)) {
                return true;
            }
        }
        return false;
    }

    /** Share of the head ellipse's inner pixels (1 px in from its edge), not under a later box, that differ from the background. */
    private static double paintedShareOfVisibleHead(SyntheticScene scene, int f, BufferedImage background) {
        Box box = scene.faces().get(f).box();
        List<Box> covers = coversOf(scene, f).stream().map(c -> grown(c, 1)).toList();
        double a = box.width() / 2 - 1;
        double b = box.height() / 2 - 1;
        int visible = 0;
        int changed = 0;
        for (int y = (int) box.yMin(); y < box.yMax(); y++) {
            for (int x = (int) box.xMin(); x < box.xMax(); x++) {
                double dx = (x + 0.5 - box.centerX()) / a;
                double dy = (y + 0.5 - box.centerY()) / b;
                if (dx * dx + dy * dy <= 1 && !anyContains(covers, x + 0.5, y + 0.5)) {
                    visible++;
                    changed += scene.image().getRGB(x, y) != background.getRGB(x, y) ? 1 : 0;
                }
            }
        }
        return changed / (double) visible;
    }

    private static Box grown(Box b, double px) {
        return new Box(b.xMin() - px, b.yMin() - px, b.xMax() + px, b.yMax() + px);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }
}
