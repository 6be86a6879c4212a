package dev.facemask.inference;

import ai.djl.engine.Engine;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes DJL's TensorFlow engine start offline.
 *
 * <p>Out of the box DJL downloads its natives, which fails without a network. The
 * {@code tensorflow-core-native} jar on the classpath already carries them; javacpp extracts them
 * into its cache, and pointing {@code TENSORFLOW_LIBRARY_PATH} at that folder makes DJL load the
 * very same files, so the trainer (TF-Java) and inference (DJL) share one runtime and one copy on
 * disk. Call {@link #ensureLoaded()} before anything touches {@code Engine.getEngine("TensorFlow")}.
 */
public final class TensorFlowNatives {

    /** DJL reads this as an environment variable or a system property. */
    public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
    public static final String CACHE_DIR_PROPERTY = "org.bytedeco.javacpp.cachedir";
    public static final String ENGINE_NAME = "TensorFlow";

    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowNatives.class);
    private static final String[] LIBRARIES = {
        "libtensorflow_framework.so.2", "libtensorflow_cc.so.2", "libjnitensorflow.so"
    };

    private static Engine engine;

    private TensorFlowNatives() {}

    /**
     * Extracts the natives if needed, points DJL at them and starts the engine. Idempotent and
     * thread-safe; later calls return the same engine.
     *
     * @throws IllegalStateException when the native jar is not on the classpath
     */
    public static synchronized Engine ensureLoaded() {
        if (engine != null) {
            return engine;
        }
        if (System.getProperty(CACHE_DIR_PROPERTY) == null) {
            Path defaultCache = Path.of(System.getProperty("user.home"), ".cache", "facemask", "javacpp");
            System.setProperty(CACHE_DIR_PROPERTY, defaultCache.toString());
        }
        // Bytedeco's GC-driven memory limits slow graph building 4x and only guard host memory.
        System.setProperty("org.bytedeco.javacpp.maxBytes", System.getProperty("org.bytedeco.javacpp.maxBytes", "0"));
        System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes",
                System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0"));
        if (System.getenv(LIBRARY_PATH_PROPERTY) == null && System.getProperty(LIBRARY_PATH_PROPERTY) == null) {
            System.setProperty(LIBRARY_PATH_PROPERTY, extractLibraries().toString());
        }
        LOG.info("TensorFlow natives from {}", System.getProperty(LIBRARY_PATH_PROPERTY, System.getenv(LIBRARY_PATH_PROPERTY)));
        engine = Engine.getEngine(ENGINE_NAME);
        return engine;
    }

    /** Extracts the three libraries into javacpp's cache and returns the folder holding them. */
    static Path extractLibraries() {
        String folder = resourceFolder();
        File last = null;
        for (String lib : LIBRARIES) {
            try {
                last = Loader.cacheResource(TensorFlowNatives.class, folder + lib);
            } catch (IOException e) {
                throw new IllegalStateException("Could not extract " + folder + lib + " into "
                        + System.getProperty(CACHE_DIR_PROPERTY) + ": " + e.getMessage(), e);
            }
        }
        return last.toPath().getParent();
    }

    private static String resourceFolder() {
        String platform = Loader.getPlatform();
        for (String candidate : new String[] {platform, platform + "-gpu"}) {
            String folder = "/org/tensorflow/internal/c_api/" + candidate + "/";
            if (TensorFlowNatives.class.getResource(folder + LIBRARIES[0]) != null) {
                return folder;
            }
        }
        throw new IllegalStateException("TensorFlow natives for " + platform + " are not on the classpath: add "
                + "org.tensorflow:tensorflow-core-native:1.0.0-rc.1 with classifier " + platform);
    }
}
