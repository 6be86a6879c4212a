package dev.facemask.cli.produce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Resolves a {@code --source} argument (a file, a folder or a glob) to a sorted list of image files. */
public final class ImageSources {

    private ImageSources() {}

    public static List<Path> resolve(String source) throws IOException {
        Path path = Path.of(source);
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                return sorted(files.filter(ImageSources::isImage));
            }
        }
        if (source.contains("*") || source.contains("?") || source.contains("{")) {
            return glob(source);
        }
        throw new IOException("Source not found: " + source + " (give an image file, a folder, a glob, or - for MJPEG on stdin)");
    }

    private static List<Path> glob(String pattern) throws IOException {
        int firstWildcard = indexOfWildcard(pattern);
        int slash = pattern.lastIndexOf('/', firstWildcard);
        Path base = slash < 0 ? Path.of(".") : Path.of(pattern.substring(0, slash + 1));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        try (Stream<Path> files = Files.walk(base)) {
            List<Path> found = sorted(files.filter(p -> matcher.matches(slash < 0 ? base.relativize(p) : p))
                    .filter(ImageSources::isImage));
            if (found.isEmpty()) {
                throw new IOException("No JPEG or PNG file matches " + pattern);
            }
            return found;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static int indexOfWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            if ("*?{[".indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    private static List<Path> sorted(Stream<Path> s) {
        return s.sorted().toList();
    }
}
