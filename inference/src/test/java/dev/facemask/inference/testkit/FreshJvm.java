package dev.facemask.inference.testkit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.inference.Prediction;
import dev.facemask.vision.model.ModelMetadata;
import dev.facemask.vision.preprocess.Letterbox;
import dev.facemask.vision.preprocess.PreparedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reloads a model folder through DJL in a new JVM and returns its predictions: proof that the
 * folder alone (SavedModel plus {@code model.json}) carries the model, with no state from the JVM
 * that wrote it. Reusable by the trainer's export tests (inference's test-jar).
 *
 * <pre>{@code
 * List<Prediction> reloaded = FreshJvm.predict(modelDir, images, true, tempDir);
 * }</pre>
 */
public final class FreshJvm {

    static final String RESULT_PREFIX = "PREDICTIONS ";
    private static final long TIMEOUT_SECONDS = 180;
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private FreshJvm() {}

    /**
     * @param modelDir folder written by an exporter
     * @param images prepared by the model's preprocessor
     * @param withGradCam run the {@code gradcam} signature
     * @param workDir where the images are handed over
     * @return the new JVM's predictions, in order
     * @throws IllegalStateException with the child's output when it fails or times out
     */
    public static List<Prediction> predict(Path modelDir, List<PreparedImage> images, boolean withGradCam, Path workDir)
            throws IOException, InterruptedException {
        Path imagesFile = Files.createTempFile(workDir, "images", ".bin");
        writeImages(imagesFile, images);
        Path log = Files.createTempFile(workDir, "fresh-jvm", ".log");
        Process process = new ProcessBuilder(javaCommand(modelDir, imagesFile, withGradCam))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Fresh JVM did not finish in " + TIMEOUT_SECONDS + " s; output:\n"
                    + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Fresh JVM exited with " + process.exitValue() + "; output:\n" + output);
        }
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                return JSON.readValue(line.substring(RESULT_PREFIX.length()), new TypeReference<List<Prediction>>() {});
            }
        }
        throw new IllegalStateException("Fresh JVM printed no predictions; output:\n" + output);
    }

    private static List<String> javaCommand(Path modelDir, Path imagesFile, boolean withGradCam) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire hands the forked JVM a manifest-only jar; its real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-Djava.awt.headless=true",
                "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0", "-Dorg.bytedeco.javacpp.maxBytes=0"));
        String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cacheDir != null) {
            command.add("-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
        }
        command.addAll(List.of("-cp", classPath, PredictMain.class.getName(),
                modelDir.toAbsolutePath().toString(), imagesFile.toAbsolutePath().toString(),
                Boolean.toString(withGradCam)));
        return command;
    }

    /** Layout: count, then per image its original width and height and its floats. */
    static void writeImages(Path file, List<PreparedImage> images) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
            out.writeInt(images.size());
            for (PreparedImage image : images) {
                out.writeInt(image.letterbox().originalWidth());
                out.writeInt(image.letterbox().originalHeight());
                out.writeInt(image.pixels().length);
                for (float v : image.pixels()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    static List<PreparedImage> readImages(Path file, ModelMetadata metadata) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            int count = in.readInt();
            List<PreparedImage> images = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Letterbox letterbox = new Letterbox(in.readInt(), in.readInt(), metadata.inputSize());
                float[] pixels = new float[in.readInt()];
                for (int j = 0; j < pixels.length; j++) {
                    pixels[j] = in.readFloat();
                }
                images.add(new PreparedImage(pixels, letterbox, metadata.channels()));
            }
            return images;
        }
    }
}
