package dev.facemask.vision.dataset;

import dev.facemask.vision.geometry.Box;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/** Parses one Pascal VOC annotation: {@code <filename>}, {@code <size>}, {@code <object><name>}, {@code <bndbox>}. */
final class VocAnnotationFile {

    /** Names other face-mask sets use, mapped to this project's names after normalising. */
    private static final Map<String, String> ALIASES = Map.of(
            "with-mask", "mask",
            "without-mask", "no-mask",
            "mask-weared-incorrect", "mask-worn-incorrectly");

    /** Parsed content: the image file name it names (may be blank), pixel size (0 when absent), raw objects. */
    record Parsed(String filename, int width, int height, List<RawObject> objects) {}

    /** One {@code <object>}: its name and pixel corners. */
    record RawObject(String name, double xMin, double yMin, double xMax, double yMax) {}

    private VocAnnotationFile() {}

    static Parsed parse(Path file, String name, AnnotationLimits limits) throws IOException, AnnotationFileException {
        long size = Files.size(file);
        if (size > limits.maxBytes()) {
            throw new AnnotationFileException(DropReason.MALFORMED_FILE,
                    name + ": file is " + size + " bytes, over the limit of " + limits.maxBytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = new BoundedInputStream(Files.newInputStream(file), limits.maxBytes())) {
            bytes = in.readAllBytes();
        }
        Document doc;
        try {
            doc = SecureXml.parse(bytes);
        } catch (SAXParseException e) {
            throw new AnnotationFileException(DropReason.MALFORMED_FILE,
                    name + " line " + e.getLineNumber() + ": not valid annotation XML: " + e.getMessage());
        } catch (SAXException e) {
            throw new AnnotationFileException(DropReason.MALFORMED_FILE, name + ": not valid annotation XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        Element sizeEl = child(root, "size");
        int width = sizeEl == null ? 0 : (int) number(sizeEl, "width", name, 0);
        int height = sizeEl == null ? 0 : (int) number(sizeEl, "height", name, 0);
        List<RawObject> objects = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("object");
        for (int i = 0; i < nodes.getLength(); i++) {
            objects.add(object((Element) nodes.item(i), name + " object " + (i + 1)));
        }
        return new Parsed(text(root, "filename"), width, height, objects);
    }

    /** Normalises one object to the image and looks its class up; throws naming the object when bad. */
    static Annotation toAnnotation(RawObject o, int width, int height, List<String> classNames, String where)
            throws AnnotationFileException {
        int classId = classId(o.name(), classNames);
        if (classId < 0) {
            throw new AnnotationFileException(DropReason.UNKNOWN_CLASS,
                    where + ": class '" + o.name() + "' is not one of " + classNames);
        }
        Box box = new Box(o.xMin() / width, o.yMin() / height, o.xMax() / width, o.yMax() / height);
        String problem = BoxRules.problem(box);
        if (problem != null) {
            throw new AnnotationFileException(DropReason.OUT_OF_RANGE, where + ": " + problem);
        }
        return new Annotation(classId, box.clamp());
    }

    static int classId(String name, List<String> classNames) {
        String wanted = normalise(name);
        wanted = ALIASES.getOrDefault(wanted, wanted);
        for (int i = 0; i < classNames.size(); i++) {
            if (normalise(classNames.get(i)).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static String normalise(String name) {
        return name.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    }

    private static RawObject object(Element el, String where) throws AnnotationFileException {
        String name = text(el, "name");
        Element box = child(el, "bndbox");
        if (name.isEmpty() || box == null) {
            throw new AnnotationFileException(DropReason.MALFORMED_LINE, where + ": needs <name> and <bndbox>");
        }
        return new RawObject(name, number(box, "xmin", where, Double.NaN), number(box, "ymin", where, Double.NaN),
                number(box, "xmax", where, Double.NaN), number(box, "ymax", where, Double.NaN));
    }

    private static double number(Element parent, String tag, String where, double missing) throws AnnotationFileException {
        String s = text(parent, tag);
        if (s.isEmpty()) {
            if (Double.isNaN(missing)) {
                throw new AnnotationFileException(DropReason.MALFORMED_LINE, where + ": <" + tag + "> is missing");
            }
            return missing;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new AnnotationFileException(DropReason.MALFORMED_LINE, where + ": <" + tag + "> is not a number: '" + s + "'");
        }
    }

    private static String text(Element parent, String tag) {
        Element el = child(parent, tag);
        return el == null ? "" : el.getTextContent().strip();
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }
}
