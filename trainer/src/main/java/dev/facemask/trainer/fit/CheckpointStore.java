package dev.facemask.trainer.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.WeightArray;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps one checkpoint in {@code <outputDir>/checkpoint/}: {@code checkpoint.json} (configuration,
 * epoch, Adam step, best validation loss, history) or, for the dense head,
 * {@code dense-checkpoint.json} (the same with the best validation mAP@0.5 and the dense history),
 * and {@code variables.bin} (every variable as raw little-endian floats). A new checkpoint is
 * written beside the old one and swapped in, so an interrupted write never leaves a broken
 * checkpoint.
 */
public final class CheckpointStore {

    public static final String DIR = "checkpoint";
    static final String META_FILE = "checkpoint.json";
    static final String DENSE_META_FILE = "dense-checkpoint.json";
    static final String VARIABLES_FILE = "variables.bin";
    private static final int MAGIC = 0x464D434B;  // "FMCK"
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What {@code checkpoint.json} holds. */
    record Meta(ModelConfig config, int epoch, long adamStep, double bestValLoss, List<EpochMetrics> history) {}

    private final Path dir;

    public CheckpointStore(Path outputDir) {
        this.dir = outputDir.resolve(DIR);
    }

    public Path directory() {
        return dir;
    }

    /** True when a single-head checkpoint is there. */
    public boolean exists() {
        return exists(META_FILE);
    }

    private boolean exists(String metaFile) {
        return Files.isRegularFile(dir.resolve(metaFile)) && Files.isRegularFile(dir.resolve(VARIABLES_FILE));
    }

    public void save(Checkpoint c) throws IOException {
        save(META_FILE, new Meta(c.config(), c.epoch(), c.adamStep(), c.bestValLoss(), c.history()), c.variables());
    }

    /** Saves a dense-head checkpoint, replacing whatever checkpoint was there. */
    public void saveDense(DenseCheckpoint c) throws IOException {
        save(DENSE_META_FILE, c.withoutVariables(), c.variables());
    }

    /**
     * Loads the dense-head checkpoint, if there is one.
     *
     * @throws IOException naming the file when it is truncated or not a checkpoint of this trainer
     */
    public Optional<DenseCheckpoint> loadDense() throws IOException {
        if (!exists(DENSE_META_FILE)) {
            return Optional.empty();
        }
        DenseCheckpoint meta = readMeta(DENSE_META_FILE, DenseCheckpoint.class);
        return Optional.of(meta.withVariables(readVariables(dir.resolve(VARIABLES_FILE))));
    }

    private void save(String metaFile, Object meta, ModelWeights variables) throws IOException {
        Path tmp = dir.resolveSibling(DIR + ".tmp");
        Path old = dir.resolveSibling(DIR + ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        writeVariables(variables, tmp.resolve(VARIABLES_FILE));
        JSON.writeValue(tmp.resolve(metaFile).toFile(), meta);
        deleteTree(old);
        if (Files.exists(dir)) {
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /**
     * Loads the checkpoint, if there is one.
     *
     * @throws IOException naming the file when it is truncated or not a checkpoint of this trainer
     */
    public Optional<Checkpoint> load() throws IOException {
        if (!exists()) {
            return Optional.empty();
        }
        Meta meta = readMeta(META_FILE, Meta.class);
        ModelWeights variables = readVariables(dir.resolve(VARIABLES_FILE));
        return Optional.of(new Checkpoint(meta.config(), meta.epoch(), meta.adamStep(), meta.bestValLoss(),
                meta.history(), variables));
    }

    /** The error of a {@code --resume} that finds no {@code what} here. */
    IOException missing(String what) {
        return new IOException("Cannot resume: no " + what + " in " + dir.toAbsolutePath()
                + " (train once without --resume first)");
    }

    /** Refuses to resume a run of another architecture from this checkpoint. */
    void checkResumable(ModelConfig saved, ModelConfig wanted) {
        if (!saved.equals(wanted)) {
            throw new IllegalArgumentException("Cannot resume: the checkpoint in " + dir + " was written for " + saved
                    + ", not " + wanted + "; use the same preset, model options (--input-size, --box-head, --centres, --class-branch) and data");
        }
    }

    private <M> M readMeta(String name, Class<M> type) throws IOException {
        Path metaFile = dir.resolve(name);
        try {
            return JSON.readValue(metaFile.toFile(), type);
        } catch (IOException e) {
            throw new IOException("Unreadable checkpoint " + metaFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    static void writeVariables(ModelWeights weights, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(weights.arrays().size());
            for (Map.Entry<String, WeightArray> e : weights.arrays().entrySet()) {
                out.writeUTF(e.getKey());
                long[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (long d : shape) {
                    out.writeLong(d);
                }
                float[] values = e.getValue().values();
                out.writeInt(values.length);
                ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(values);
                out.write(bytes.array());
            }
        }
    }

    static ModelWeights readVariables(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT_VERSION) {
                throw new IOException(file.toAbsolutePath() + " is not a version-" + FORMAT_VERSION
                        + " variables file of this trainer");
            }
            int count = in.readInt();
            Map<String, WeightArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                long[] shape = new long[in.readInt()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                }
                byte[] raw = new byte[in.readInt() * 4];
                in.readFully(raw);
                float[] values = new float[raw.length / 4];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                arrays.put(name, new WeightArray(shape, values));
            }
            return new ModelWeights(arrays);
        } catch (java.io.EOFException e) {
            throw new IOException("Truncated variables file " + file.toAbsolutePath(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
