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
 * epoch, Adam step, best validation loss, history) and {@code variables.bin} (every variable as
 * raw little-endian floats). A new checkpoint is written beside the old one and swapped in, so an
 * interrupted write never leaves a broken checkpoint.
 */
public final class CheckpointStore {

    public static final String DIR = "checkpoint";
    static final String META_FILE = "checkpoint.json";
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

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(META_FILE)) && Files.isRegularFile(dir.resolve(VARIABLES_FILE));
    }

    public void save(Checkpoint c) throws IOException {
        Path tmp = dir.resolveSibling(DIR + ".tmp");
        Path old = dir.resolveSibling(DIR + ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        writeVariables(c.variables(), tmp.resolve(VARIABLES_FILE));
        JSON.writeValue(tmp.resolve(META_FILE).toFile(),
                new Meta(c.config(), c.epoch(), c.adamStep(), c.bestValLoss(), c.history()));
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
        Path metaFile = dir.resolve(META_FILE);
        Meta meta;
        try {
            meta = JSON.readValue(metaFile.toFile(), Meta.class);
        } catch (IOException e) {
            throw new IOException("Unreadable checkpoint " + metaFile.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        ModelWeights variables = readVariables(dir.resolve(VARIABLES_FILE));
        return Optional.of(new Checkpoint(meta.config(), meta.epoch(), meta.adamStep(), meta.bestValLoss(),
                meta.history(), variables));
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
