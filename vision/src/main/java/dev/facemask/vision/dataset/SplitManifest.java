package dev.facemask.vision.dataset;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic train/val/test split, stored as {@value #FILE_NAME} in the dataset folder so the
 * trainer, the evaluator and the demo all use the same test images. Images are sorted by relative
 * path, shuffled with {@code new Random(seed)} and cut 70/20/10; the single-face split keeps each photo
 * in its split among all images (see {@link #create(DatasetScan, long)}).
 *
 * <pre>{@code
 * DatasetScan scan = Datasets.open(dir);
 * SplitManifest split = SplitManifest.loadOrCreate(scan, 42);
 * List<LabeledImage> train = split.images(Split.TRAIN, scan);
 * }</pre>
 *
 * @param seed seed of the shuffle
 * @param fractions shares per split
 * @param train relative paths (forward slashes) of the training images, in shuffled order
 * @param val relative paths of the validation images
 * @param test relative paths of the test images
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"seed", "fractions", "train", "val", "test"})
public record SplitManifest(long seed, SplitFractions fractions, List<String> train, List<String> val, List<String> test) {

    public static final String FILE_NAME = "split.json";
    /** The split of every valid image, single- and multi-face, that the dense head trains on. */
    public static final String ALL_FACES_FILE_NAME = "split-all-faces.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public SplitManifest {
        Objects.requireNonNull(fractions, "fractions");
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /**
     * Splits the single-face images of a scan: each keeps the split it has among all the scan's valid
     * images ({@link #ALL_FACES_FILE_NAME}, the dense head's split with the same seed), so a photo is
     * in the same split for both heads, and a model started from the other head's weights
     * ({@code train --init-from}) has never trained on a test photo. Where that would leave a split
     * without an image (few single-face images among many crowds), the single-face images are cut
     * 70/20/10 on their own. With only single-face images, both ways give the same split.
     */
    public static SplitManifest create(DatasetScan scan, long seed) {
        SplitManifest own = create(scan.root(), scan.singleObject(), seed, SplitFractions.DEFAULT);
        SplitManifest all = create(scan.root(), scan.valid(), seed, SplitFractions.DEFAULT);
        Set<String> single = own.pathSet();
        SplitManifest aligned = new SplitManifest(seed, SplitFractions.DEFAULT, only(all.train(), single),
                only(all.val(), single), only(all.test(), single));
        boolean complete = (aligned.train().size() > 0 || own.train().isEmpty())
                && (aligned.val().size() > 0 || own.val().isEmpty())
                && (aligned.test().size() > 0 || own.test().isEmpty());
        return complete ? aligned : own;
    }

    private static List<String> only(List<String> paths, Set<String> keep) {
        return paths.stream().filter(keep::contains).toList();
    }

    /** Splits {@code images}, whose paths are made relative to {@code root}. */
    public static SplitManifest create(Path root, List<LabeledImage> images, long seed, SplitFractions fractions) {
        List<String> paths = new ArrayList<>();
        for (LabeledImage image : images) {
            paths.add(YoloDarknetReader.relative(root, image.image()));
        }
        Collections.sort(paths);
        Collections.shuffle(paths, new Random(seed));
        int[] n = fractions.sizes(paths.size());
        return new SplitManifest(seed, fractions, paths.subList(0, n[0]), paths.subList(n[0], n[0] + n[1]),
                paths.subList(n[0] + n[1], paths.size()));
    }

    /**
     * Reads {@code split.json} from the dataset folder when it has this seed and lists exactly the
     * scan's single-face images; otherwise creates the split and writes it (the dataset changed or
     * there was none). A read-only dataset folder (no owner-write bit, even for root) gets the split
     * without the file.
     */
    public static SplitManifest loadOrCreate(DatasetScan scan, long seed) throws IOException {
        return loadOrCreate(scan, create(scan, seed), FILE_NAME);
    }

    /**
     * As {@link #loadOrCreate(DatasetScan, long)} over every valid image, kept in
     * {@link #ALL_FACES_FILE_NAME}: the split of the dense multi-face head.
     */
    public static SplitManifest loadOrCreateAllFaces(DatasetScan scan, long seed) throws IOException {
        SplitManifest fresh = create(scan.root(), scan.valid(), seed, SplitFractions.DEFAULT);
        return loadOrCreate(scan, fresh, ALL_FACES_FILE_NAME);
    }

    private static SplitManifest loadOrCreate(DatasetScan scan, SplitManifest fresh, String fileName)
            throws IOException {
        Path file = scan.root().resolve(fileName);
        long seed = fresh.seed();
        if (Files.isRegularFile(file)) {
            SplitManifest stored = readFile(file);
            if (stored.seed() == seed && stored.fractions().equals(fresh.fractions())
                    && stored.pathSet().equals(fresh.pathSet())) {
                return stored;
            }
        }
        if (isWritable(scan.root())) {
            writeAtomically(file, fresh);
        }
        return fresh;
    }

    /**
     * Writes to a temporary file beside {@code file}, then moves it into place atomically: two
     * trainings started on one dataset at once (a sweep) must never read each other's half-written
     * manifest. Both write the same split, so which one lands last does not matter.
     */
    private static void writeAtomically(Path file, SplitManifest manifest) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), manifest);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writable, and not marked read-only by its permission bits: root may write anywhere, but a
     * folder shipped as {@code r-x} (a shared sample) should stay untouched.
     */
    private static boolean isWritable(Path dir) {
        if (!Files.isWritable(dir)) {
            return false;
        }
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OWNER_WRITE);
        } catch (UnsupportedOperationException | IOException e) {
            return true;
        }
    }

    /** Opens the dataset with {@link Datasets#open} and calls {@link #loadOrCreate(DatasetScan, long)}. */
    public static SplitManifest loadOrCreate(Path datasetDir, long seed) throws IOException {
        return loadOrCreate(Datasets.open(datasetDir), seed);
    }

    public static SplitManifest read(Path datasetDir) throws IOException {
        return readFile(datasetDir.resolve(FILE_NAME));
    }

    private static SplitManifest readFile(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), SplitManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Unreadable split manifest " + file.toAbsolutePath() + ": " + e.getMessage()
                    + " (delete it to create a new split)", e);
        }
    }

    /** Writes {@code split.json} into the dataset folder, replacing any old one. */
    public void write(Path datasetDir) throws IOException {
        writeAtomically(datasetDir.resolve(FILE_NAME), this);
    }

    public List<String> paths(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VAL -> val;
            case TEST -> test;
        };
    }

    /**
     * The scan's images of one split, in manifest order.
     *
     * @throws IllegalArgumentException naming the first path the scan lacks (the dataset changed)
     */
    public List<LabeledImage> images(Split split, DatasetScan scan) {
        Map<String, LabeledImage> byPath = new LinkedHashMap<>();
        for (LabeledImage image : scan.valid()) {
            byPath.put(YoloDarknetReader.relative(scan.root(), image.image()), image);
        }
        List<LabeledImage> out = new ArrayList<>();
        for (String path : paths(split)) {
            LabeledImage image = byPath.get(path);
            if (image == null) {
                throw new IllegalArgumentException("Split manifest lists " + path + " but the dataset at "
                        + scan.root() + " has no valid image there; delete " + FILE_NAME + " to re-split");
            }
            out.add(image);
        }
        return out;
    }

    /** {@link DatasetFingerprint} of one split's images and labels. */
    public String fingerprint(Split split, DatasetScan scan) {
        return DatasetFingerprint.of(scan.root(), images(split, scan));
    }

    private Set<String> pathSet() {
        Set<String> all = new HashSet<>(train);
        all.addAll(val);
        all.addAll(test);
        return all;
    }
}
