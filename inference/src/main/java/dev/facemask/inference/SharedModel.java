package dev.facemask.inference;

import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.PreparedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model per model folder per JVM, shared by reference counting.
 *
 * <p>TensorFlow allows one runtime per process and a SavedModel takes hundreds of MB, so every
 * operator instance in a TaskManager leases the same model: acquire in {@code open()}, close the
 * lease in {@code close()}. The model is closed when its last lease closes.
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

    private final Function<ModelFolder, SavedModelPredictor> loader;
    private final Map<Path, Entry> entries = new HashMap<>();
    private long loads;

    SharedModel(Function<ModelFolder, SavedModelPredictor> loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * Leases the model in a folder, loading it if no lease holds it. Paths that lead to the same
     * folder (relative, with {@code ..}, through links) share one model.
     *
     * @throws InvalidModelException when the folder is not a usable model
     */
    public static Lease acquire(Path modelDir) {
        return DEFAULT.lease(modelDir);
    }

    /** Folders with a loaded model in this JVM, for diagnostics. */
    public static List<Path> loadedModels() {
        return DEFAULT.loaded();
    }

    synchronized Lease lease(Path modelDir) {
        ModelFolder folder = ModelFolder.open(modelDir);
        Entry entry = entries.get(folder.dir());
        if (entry == null) {
            entry = new Entry(folder.dir(), loader.apply(folder));
            loads++;
            entries.put(folder.dir(), entry);
            LOG.info("Loaded model {} from {}", folder.metadata().name(), folder.dir());
        }
        entry.references++;
        return new Lease(this, entry);
    }

    synchronized void release(Entry entry) {
        entry.references--;
        if (entry.references == 0) {
            entries.remove(entry.dir);
            entry.predictor.close();
            LOG.info("Closed model {}: no lease holds it", entry.dir);
        }
    }

    synchronized List<Path> loaded() {
        return List.copyOf(entries.keySet());
    }

    /** How many times this registry loaded a model, for tests. */
    synchronized long loadCount() {
        return loads;
    }

    synchronized int references(Path realDir) {
        Entry entry = entries.get(realDir);
        return entry == null ? 0 : entry.references;
    }

    static final class Entry {
        private final Path dir;
        private final SavedModelPredictor predictor;
        private int references;

        private Entry(Path dir, SavedModelPredictor predictor) {
            this.dir = dir;
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
            return entry.dir;
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
                throw new IllegalStateException("Lease on " + entry.dir + " is closed");
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
