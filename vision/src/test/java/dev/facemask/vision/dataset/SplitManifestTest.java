package dev.facemask.vision.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.vision.geometry.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitManifestTest {

    @TempDir
    Path dir;

    private static List<LabeledImage> images(Path root, int n) {
        List<LabeledImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new LabeledImage(root.resolve("obj/img" + i + ".jpg"),
                    List.of(new Annotation(i % 2, new Box(0.1, 0.1, 0.5, 0.6)))));
        }
        return out;
    }

    /** {@code n} images, every {@code crowdEvery}-th with two faces (0: none), the rest with one. */
    private DatasetScan mixed(int n, int crowdEvery) {
        List<LabeledImage> valid = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Annotation face = new Annotation(i % 2, new Box(0.1, 0.1, 0.4, 0.5));
            valid.add(new LabeledImage(dir.resolve(String.format("obj/img%03d.jpg", i)), crowdEvery > 0 && i % crowdEvery == 0
                    ? List.of(face, new Annotation(0, new Box(0.5, 0.5, 0.9, 0.9))) : List.of(face)));
        }
        return new DatasetScan(DatasetFormat.YOLO_DARKNET, dir, List.of("mask", "no-mask"), valid, List.of());
    }

    /** A photo is in the same split for the single head and the dense head: no test photo leaks through --init-from. */
    @Test
    void shouldKeepEverySingleFacePhotoInItsAllFacesSplit() {
        DatasetScan scan = mixed(300, 3); // 100 crowds, 200 single-face photos
        SplitManifest all = SplitManifest.create(dir, scan.valid(), 42, SplitFractions.DEFAULT);

        SplitManifest single = SplitManifest.create(scan, 42);

        assertThat(single.train().size() + single.val().size() + single.test().size()).isEqualTo(200);
        for (Split split : Split.values()) {
            assertThat(all.paths(split)).as(split.name()).containsAll(single.paths(split));
        }
        assertThat(single.test()).doesNotContainAnyElementsOf(all.train()).doesNotContainAnyElementsOf(all.val());
        // Each split in the all-faces order, only the single-face photos left.
        assertThat(single.train()).isEqualTo(all.train().stream().filter(single.train()::contains).toList());
    }

    @Test
    void shouldSplitAllSingleFacePhotosAsBefore() {
        DatasetScan scan = mixed(50, 0);

        assertThat(SplitManifest.create(scan, 42)).isEqualTo(SplitManifest.create(dir, scan.valid(), 42, SplitFractions.DEFAULT));
    }

    /** Three single-face photos among 42 crowds would miss a split they fill when cut on their own: cut on their own. */
    @Test
    void shouldCutFewSingleFacePhotosOnTheirOwnRatherThanLeaveASplitEmpty() {
        DatasetScan scan = mixed(42, 1);
        List<LabeledImage> singles = List.of(
                new LabeledImage(dir.resolve("obj/single-a.jpg"), List.of(new Annotation(0, new Box(0.1, 0.1, 0.4, 0.5)))),
                new LabeledImage(dir.resolve("obj/single-b.jpg"), List.of(new Annotation(1, new Box(0.1, 0.1, 0.4, 0.5)))),
                new LabeledImage(dir.resolve("obj/single-c.jpg"), List.of(new Annotation(1, new Box(0.2, 0.1, 0.4, 0.5)))));
        List<LabeledImage> valid = new ArrayList<>(scan.valid());
        valid.addAll(singles);
        DatasetScan few = new DatasetScan(DatasetFormat.YOLO_DARKNET, dir, scan.classNames(), valid, List.of());

        SplitManifest all = SplitManifest.create(dir, valid, 42, SplitFractions.DEFAULT);
        assertThat(List.of(countSingles(all.train()), countSingles(all.val())))
                .as("the all-faces split leaves the training or validation split without a single-face photo").contains(0L);

        SplitManifest single = SplitManifest.create(few, 42);

        assertThat(single).isEqualTo(SplitManifest.create(dir, singles, 42, SplitFractions.DEFAULT));
        assertThat(List.of(single.train().size(), single.val().size(), single.test().size())).containsExactly(2, 1, 0);
    }

    private static long countSingles(List<String> paths) {
        return paths.stream().filter(p -> p.contains("single-")).count();
    }

    @Test
    void shouldCutTheSeedsSizes() {
        SplitManifest m = SplitManifest.create(dir, images(dir, 1292), 1, SplitFractions.DEFAULT);

        assertThat(List.of(m.train().size(), m.val().size(), m.test().size())).containsExactly(904, 258, 130);
    }

    @Test
    void shouldSortThenShuffleWithTheSeedWhateverTheInputOrder() {
        List<LabeledImage> list = images(dir, 50);
        List<LabeledImage> reversed = new ArrayList<>(list);
        Collections.reverse(reversed);

        SplitManifest a = SplitManifest.create(dir, list, 42, SplitFractions.DEFAULT);
        SplitManifest b = SplitManifest.create(dir, reversed, 42, SplitFractions.DEFAULT);
        SplitManifest c = SplitManifest.create(dir, list, 43, SplitFractions.DEFAULT);

        assertThat(b).isEqualTo(a);
        assertThat(c.train()).isNotEqualTo(a.train());
        List<String> expected = new ArrayList<>(list.stream().map(i -> "obj/" + i.image().getFileName()).sorted().toList());
        Collections.shuffle(expected, new Random(42));
        assertThat(a.train()).isEqualTo(expected.subList(0, 35));
        assertThat(a.val()).isEqualTo(expected.subList(35, 45));
        assertThat(a.test()).isEqualTo(expected.subList(45, 50));
    }

    @Test
    void shouldRoundTripThroughSplitJson() throws IOException {
        SplitManifest m = SplitManifest.create(dir, images(dir, 20), 7, SplitFractions.DEFAULT);

        m.write(dir);

        assertThat(SplitManifest.read(dir)).isEqualTo(m);
        String json = Files.readString(dir.resolve("split.json"));
        assertThat(json).contains("\"seed\" : 7", "\"train\" : 0.7", "\"obj/img");
    }

    @Test
    void shouldCreateOnceThenLoadAndRecreateWhenTheDatasetChanges() throws IOException {
        for (int i = 0; i < 10; i++) {
            Fixtures.labelled(dir.resolve("obj"), "img" + i, (i % 2) + " 0.5 0.5 0.2 0.2\n");
        }
        SplitManifest first = SplitManifest.loadOrCreate(dir, 3);
        Files.writeString(dir.resolve("split.json"), Files.readString(dir.resolve("split.json")).replace("\"seed\" : 3", "\"seed\" : 3 "));
        long written = Files.getLastModifiedTime(dir.resolve("split.json")).toMillis();

        SplitManifest again = SplitManifest.loadOrCreate(dir, 3);
        Fixtures.labelled(dir.resolve("obj"), "img10", "0 0.5 0.5 0.2 0.2\n");
        SplitManifest changed = SplitManifest.loadOrCreate(dir, 3);

        assertThat(List.of(first.train().size(), first.val().size(), first.test().size())).containsExactly(7, 2, 1);
        assertThat(again).isEqualTo(first);
        assertThat(written).isPositive();
        assertThat(Stream.of(changed.train(), changed.val(), changed.test()).mapToInt(List::size).sum()).isEqualTo(11);
        assertThat(SplitManifest.read(dir)).isEqualTo(changed);
    }

    /** A sweep starts several trainings on one dataset at once: none may read a half-written manifest. */
    @Test
    void shouldNeverShowAHalfWrittenManifestToTrainingsStartedTogether() throws Exception {
        for (int i = 0; i < 300; i++) {
            Fixtures.labelled(dir.resolve("obj"), "img" + i, (i % 2) + " 0.5 0.5 0.2 0.2\n");
        }
        DatasetScan scan = Datasets.open(dir);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<SplitManifest>> runs = new ArrayList<>();
            for (int round = 0; round < 40; round++) {
                long seed = round % 2; // a changed seed makes the next caller rewrite the file
                runs.add(pool.submit(() -> SplitManifest.loadOrCreateAllFaces(scan, seed)));
            }
            for (java.util.concurrent.Future<SplitManifest> run : runs) {
                assertThat(Stream.of(run.get().train(), run.get().val(), run.get().test()).mapToInt(List::size).sum())
                        .isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("obj", "split-all-faces.json");
        }
    }

    @Test
    void shouldNotWriteIntoAFolderMarkedReadOnly() throws IOException {
        Fixtures.labelled(dir.resolve("obj"), "a", "0 0.5 0.5 0.2 0.2\n");
        Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r-xr-xr-x");
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, readOnly);
        try {
            SplitManifest m = SplitManifest.loadOrCreate(dir, 5);

            assertThat(m.train()).containsExactly("obj/a.jpg");
            assertThat(dir.resolve("split.json")).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(dir, before);
        }
    }

    @Test
    void shouldResolveImagesOfASplitAndFingerprintThem() throws IOException {
        Fixtures.labelled(dir.resolve("obj"), "a", "0 0.5 0.5 0.2 0.2\n");
        Fixtures.labelled(dir.resolve("obj"), "b", "1 0.5 0.5 0.2 0.2\n");
        DatasetScan scan = Datasets.open(dir);
        SplitManifest m = new SplitManifest(1, SplitFractions.DEFAULT, List.of("obj/b.jpg", "obj/a.jpg"), List.of(), List.of());

        List<LabeledImage> train = m.images(Split.TRAIN, scan);

        assertThat(train).extracting(i -> i.image().getFileName().toString()).containsExactly("b.jpg", "a.jpg");
        assertThat(m.fingerprint(Split.TRAIN, scan)).isEqualTo(DatasetFingerprint.of(dir, List.of(train.get(1), train.get(0))));
        assertThat(m.fingerprint(Split.TRAIN, scan)).hasSize(64).isNotEqualTo(m.fingerprint(Split.VAL, scan));
    }

    @Test
    void shouldFingerprintPathsAndLabels() {
        List<LabeledImage> list = images(dir, 5);
        List<LabeledImage> relabelled = new ArrayList<>(list);
        relabelled.set(0, new LabeledImage(list.get(0).image(), List.of(new Annotation(1, new Box(0.1, 0.1, 0.5, 0.6)))));

        // Fixed value: changing the fingerprint format invalidates every model.json's dataFingerprint.
        assertThat(DatasetFingerprint.of(dir, List.of())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(DatasetFingerprint.of(dir, relabelled)).isNotEqualTo(DatasetFingerprint.of(dir, list));
        assertThat(DatasetFingerprint.of(dir, list.subList(0, 4))).isNotEqualTo(DatasetFingerprint.of(dir, list));
    }

    @Test
    void shouldNameAPathTheDatasetLacks() throws IOException {
        Fixtures.labelled(dir.resolve("obj"), "a", "0 0.5 0.5 0.2 0.2\n");
        DatasetScan scan = Datasets.open(dir);
        SplitManifest m = new SplitManifest(1, SplitFractions.DEFAULT, List.of("obj/gone.jpg"), List.of(), List.of());

        assertThatThrownBy(() -> m.images(Split.TRAIN, scan))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Split manifest lists obj/gone.jpg but the dataset at " + dir
                        + " has no valid image there; delete split.json to re-split");
    }

    @Test
    void shouldRejectFractionsThatDoNotSumToOne() {
        assertThatThrownBy(() -> new SplitFractions(0.7, 0.2, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Split fractions must be non-negative, train positive, and sum to 1; were 0.7/0.2/0.2");
    }
}
