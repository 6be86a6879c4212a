package dev.facemask.vision.dataset;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over a set of images' relative paths and labels, so {@code model.json} can say exactly what
 * a model was trained on. Order-independent: paths are sorted first.
 */
public final class DatasetFingerprint {

    private DatasetFingerprint() {}

    /**
     * Hex SHA-256 of lines {@code relative/path<TAB>class xMin yMin xMax yMax[;...]\n}, sorted by path,
     * coordinates with 6 decimals.
     *
     * @param root folder the paths are made relative to (the dataset folder)
     */
    public static String of(Path root, List<LabeledImage> images) {
        Map<String, LabeledImage> sorted = new TreeMap<>();
        for (LabeledImage image : images) {
            sorted.put(YoloDarknetReader.relative(root, image.image()), image);
        }
        MessageDigest sha = sha256();
        for (Map.Entry<String, LabeledImage> e : sorted.entrySet()) {
            StringBuilder line = new StringBuilder(e.getKey()).append('\t');
            List<Annotation> faces = e.getValue().annotations();
            for (int i = 0; i < faces.size(); i++) {
                Annotation a = faces.get(i);
                line.append(i == 0 ? "" : ";").append(String.format(Locale.ROOT, "%d %.6f %.6f %.6f %.6f",
                        a.classId(), a.box().xMin(), a.box().yMin(), a.box().xMax(), a.box().yMax()));
            }
            sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
