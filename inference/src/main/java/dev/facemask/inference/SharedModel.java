package dev.facemask.inference;

import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per model folder and {@link Precision} per JVM, shared by reference counting.
 *
 * <p>TensorFlow allows one runtime per process and a SavedModel takes hundreds of MB, so every
 * operator instance in a TaskManager leases the same model: acquire in {@code open()}, close the
 * lease in {@code close()}. The model is closed when its last lease closes. The same folder in
 * fp32 and in bf16 is two sessions, loaded and closed apart.
 *
 * <pre>{@code
 * try (SharedModel.Lease lease = SharedModel.acquire(Path.of("models/tiny"))) {
 *     List<Prediction> out = lease.predictor().predict(images, false);
 * }
 * }</pre>
 */
public final class SharedModel {

    private static final Logger LOG = LoggerFactory.getLogger(SharedModel.class);
    private static final SharedModel DEFAULT = new SharedModel(SavedModelPredictor::load);

    private final BiFunction<ModelFolder, Precision, SavedModelPredictor> loader;
    private final Map<Key, Entry> entries = new HashMap<>();
    private long loads;

    SharedModel(BiFunction<ModelFolder, Precision, SavedModelPredictor> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Leases the model in a folder, loading it if no lease holds it. Paths that lead to the same
     * folder (relative, with {@code ..}, through links) share one model.
     *
     * @throws InvalidModelException when the folder is not a usable model
     */
    public static Lease acquire(Path modelDir) {
        return DEFAULT.lease(modelDir, Precision.FP32);
    }

    /**
     * As {@link #acquire(Path)}, for the model running in {@code precision}: leases of one folder
     * in one precision share a model; another precision loads its own.
     */
    public static Lease acquire(Path modelDir, Precision precision) {
        return DEFAULT.lease(modelDir, precision);
    }

    /** Folders with a loaded model in this JVM, for diagnostics. */
    public static List<Path> loadedModels() {
        return DEFAULT.loaded();
    }

    synchronized Lease lease(Path modelDir) {
        return lease(modelDir, Precision.FP32);
    }

    synchronized Lease lease(Path modelDir, Precision precision) {
        Objects.requireNonNull(precision, "precision");
        ModelFolder folder = ModelFolder.open(modelDir);
        Key key = new Key(folder.dir(), precision);
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry(key, loader.apply(folder, precision));
            loads++;
            entries.put(key, entry);
            LOG.info("Loaded model {} from {} in {}", folder.metadata().name(), folder.dir(), precision);
        }
        entry.references++;
        return new Lease(this, entry);
    }

    synchronized void release(Entry entry) {
        entry.references--;
        if (entry.references == 0) {
            entries.remove(entry.key);
            entry.predictor.close();
            LOG.info("Closed model {} in {}: no lease holds it", entry.key.dir(), entry.key.precision());
        }
    }

    synchronized List<Path> loaded() {
        return entries.keySet().stream().map(Key::dir).distinct().toList();
    }

    /** How many times this registry loaded a model, for tests. */
    synchronized long loadCount() {
        return loads;
    }

    synchronized int references(Path realDir) {
        return references(realDir, Precision.FP32);
    }

    synchronized int references(Path realDir, Precision precision) {
        Entry entry = entries.get(new Key(realDir, precision));
        return entry == null ? 0 : entry.references;
    }

    /** A loaded model's identity: the folder's real path and the precision it runs in. */
    private record Key(Path dir, Precision precision) {}

    static final class Entry {
        private final Key key;
        private final SavedModelPredictor predictor;
        private int references;

        private Entry(Key key, SavedModelPredictor predictor) {
            this.key = key;
            this.predictor = predictor;
        }
    }

    /** One holder's claim on a shared model. Closing it twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final SharedModel owner;
        private final Entry entry;
        private final BatchPredictor view;
        private boolean released;

        private Lease(SharedModel owner, Entry entry) {
            this.owner = owner;
            this.entry = entry;
            this.view = new LeasedPredictor(entry.predictor);
        }

        /** The shared predictor; its {@code close()} does nothing, close the lease instead. */
        public BatchPredictor predictor() {
            checkOpen();
            return view;
        }

        /** The shared predictor with its model-specific extras (preprocessor, Grad-CAM support). */
        public SavedModelPredictor model() {
            checkOpen();
            return entry.predictor;
        }

        public ModelMetadata metadata() {
            return entry.predictor.metadata();
        }

        public Path modelDir() {
            return entry.key.dir();
        }

        public Precision precision() {
            return entry.key.precision();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            owner.release(entry);
        }

        private synchronized void checkOpen() {
            if (released) {
                throw new IllegalStateException("Lease on " + entry.key.dir() + " is closed");
            }
        }
    }

    /** Hands out predictions but leaves closing to the lease. */
    private record LeasedPredictor(SavedModelPredictor delegate) implements BatchPredictor {
        @Override
        public List<Prediction> predict(List<PreparedImage> images, boolean withGradCam) {
            return delegate.predict(images, withGradCam);
        }

        @Override
        public void close() {
            // The lease owns the model.
        }
    }
}
