package dev.facemask.vision.dataset;

import dev.facemask.vision.geometry.Box;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one YOLO-darknet label file: one face a line, {@code class cx cy w h}, all but the class
 * normalised to 0..1. Blank lines, CRLF, a BOM and surrounding spaces are tolerated.
 */
final class YoloLabelFile {

    private static final int MAX_QUOTED = 60;

    private YoloLabelFile() {}

    /**
     * @param name how the file is named in messages, e.g. {@code obj/a.txt}
     * @return the faces in file order, possibly empty
     * @throws AnnotationFileException naming the line when any line is bad: the whole file is dropped
     */
    static List<Annotation> parse(Path file, String name, int classCount, AnnotationLimits limits)
            throws IOException, AnnotationFileException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new AnnotationFileException(DropReason.MALFORMED_FILE,
                    name + ": file is " + size + " bytes, over the limit of " + limits.maxBytes() + " bytes");
        }
        List<Annotation> out = new ArrayList<>();
        try (BufferedReader reader = open(file, limits.maxBytes())) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo > limits.maxLines()) {
                    throw new AnnotationFileException(DropReason.MALFORMED_FILE,
                            name + ": more than " + limits.maxLines() + " lines, over the limit");
                }
                String text = (lineNo == 1 ? line.replace("\uFEFF", "") : line).strip();
                if (!text.isEmpty()) {
                    out.add(parseLine(text, name + " line " + lineNo, classCount));
                }
            }
        } catch (CharacterCodingException e) {
            throw new AnnotationFileException(DropReason.MALFORMED_FILE, name + ": not UTF-8 text");
        }
        return out;
    }

    private static BufferedReader open(Path file, long maxBytes) throws IOException {
        // Bounded even if the file grows after the size check.
        InputStream in = new BoundedInputStream(Files.newInputStream(file), maxBytes);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    static Annotation parseLine(String text, String where, int classCount) throws AnnotationFileException {
        String[] f = text.split("\\s+");
        if (f.length != 5) {
            throw new AnnotationFileException(DropReason.MALFORMED_LINE,
                    where + ": expected 5 fields 'class cx cy w h', got " + f.length + ": '" + quote(text) + "'");
        }
        int classId;
        double[] v = new double[4];
        try {
            classId = Integer.parseInt(f[0]);
            for (int i = 0; i < 4; i++) {
                v[i] = Double.parseDouble(f[i + 1]);
            }
        } catch (NumberFormatException e) {
            throw new AnnotationFileException(DropReason.MALFORMED_LINE,
                    where + ": not numbers 'class cx cy w h': '" + quote(text) + "'");
        }
        if (classId < 0 || classId >= classCount) {
            throw new AnnotationFileException(DropReason.UNKNOWN_CLASS,
                    where + ": class id " + classId + " is not in 0.." + (classCount - 1) + " (see obj.names)");
        }
        Box box = Box.fromCenter(v[0], v[1], v[2], v[3]);
        String problem = BoxRules.problem(box);
        if (problem != null) {
            throw new AnnotationFileException(DropReason.OUT_OF_RANGE, where + ": " + problem + ": '" + quote(text) + "'");
        }
        return new Annotation(classId, box.clamp());
    }

    private static String quote(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...";
    }
}
