package dev.facemask.inference;

import dev.facemask.vision.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A checked model folder as the trainer writes it: {@code saved_model.pb}, {@code variables/} and
 * {@code model.json}. Every check fails with an {@link InvalidModelException} that names the
 * folder and what is missing, before TensorFlow sees the folder.
 *
 * @param dir absolute, symlink-free path of the folder
 * @param metadata the parsed {@code model.json}
 */
public record ModelFolder(Path dir, ModelMetadata metadata) {

    public static final String SAVED_MODEL_FILE = "saved_model.pb";

    public ModelFolder {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(metadata, "metadata");
    }

    /**
     * Checks a model folder and reads its {@code model.json}.
     *
     * @throws InvalidModelException when the folder is missing, is not a SavedModel or has no
     *     readable {@code model.json}
     */
    public static ModelFolder open(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new InvalidModelException("Model folder not found: " + abs
                    + " (train one with `./detector train --out " + dir + "`)");
        }
        if (!Files.isDirectory(abs)) {
            throw new InvalidModelException("Model path is a file, not a folder: " + abs);
        }
        Path real = realPath(abs);
        if (!Files.isRegularFile(real.resolve(SAVED_MODEL_FILE))) {
            throw new InvalidModelException("Not a TensorFlow SavedModel: " + abs + " has no " + SAVED_MODEL_FILE);
        }
        if (!Files.isRegularFile(real.resolve(ModelMetadata.FILE_NAME))) {
            throw new InvalidModelException("Not a model folder from this trainer: " + abs + " has no "
                    + ModelMetadata.FILE_NAME + " (labels and input size come from it)");
        }
        try {
            return new ModelFolder(real, ModelMetadata.read(real));
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelException("Broken " + ModelMetadata.FILE_NAME + " in " + abs + ": " + e.getMessage(), e);
        }
    }

    /**
     * Resolves a requested model path against a configured root and refuses anything that leaves
     * it, after normalising {@code ..} and resolving symbolic links.
     *
     * @param root the folder every model must live under; it must exist
     * @param requested a path relative to the root, or absolute but inside it (as given or as resolved)
     * @return the absolute, normalised path under the root (not checked to be a model)
     * @throws InvalidModelException when the request escapes the root or the root is missing
     */
    public static Path resolve(Path root, String requested) {
        Objects.requireNonNull(root, "root");
        if (requested == null || requested.isBlank()) {
            throw new InvalidModelException("No model path given: name a folder under " + root.toAbsolutePath());
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidModelException("Model root not found: " + root.toAbsolutePath());
        }
        Path realRoot = realPath(root.toAbsolutePath());
        Path request = Path.of(requested).normalize();
        Path givenRoot = root.toAbsolutePath().normalize();
        if (request.isAbsolute() && request.startsWith(givenRoot)) {
            // Absolute under the root as given, which may itself be reached through a link.
            request = givenRoot.relativize(request);
        }
        Path candidate = realRoot.resolve(request).normalize();
        if (!candidate.startsWith(realRoot)) {
            throw new InvalidModelException("Model path '" + requested + "' leaves the model root " + realRoot);
        }
        if (Files.exists(candidate)) {
            Path realCandidate = realPath(candidate);
            if (!realCandidate.startsWith(realRoot)) {
                throw new InvalidModelException("Model path '" + requested + "' is a link to " + realCandidate
                        + ", outside the model root " + realRoot);
            }
            refuseLinksOut(requested, realCandidate, realRoot);
            return realCandidate;
        }
        return candidate;
    }

    /**
     * Refuses a model folder under the root whose files lead outside it: TensorFlow follows a
     * {@code saved_model.pb} or {@code variables/} that is a link, so checking the folder alone would
     * let a link load any graph or weights on the machine. Every entry of the folder is checked (a
     * SavedModel holds a handful); links that stay inside the root are fine.
     */
    private static void refuseLinksOut(String requested, Path folder, Path realRoot) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) { // does not follow links
            entries.filter(Files::isSymbolicLink).forEach(link -> {
                Path target = realPath(link);
                if (!target.startsWith(realRoot)) {
                    throw new InvalidModelException("Model path '" + requested + "' holds "
                            + folder.relativize(link) + ", a link to " + target + ", outside the model root " + realRoot);
                }
            });
        } catch (IOException e) {
            throw new InvalidModelException("Cannot read model folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Metadata's preprocessing input side, pixels. */
    public int inputSize() {
        return metadata.inputSize();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new InvalidModelException("Cannot resolve " + path + ": " + e.getMessage(), e);
        }
    }
}
