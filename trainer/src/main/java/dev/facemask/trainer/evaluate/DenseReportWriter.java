package dev.facemask.trainer.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.facemask.vision.detect.DecodeOptions;
import dev.facemask.vision.evaluate.ClassDetectionMetrics;
import dev.facemask.vision.evaluate.ClassScoring;
import dev.facemask.vision.evaluate.DetectionMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a dense (every-face) evaluation: {@code report.json}, {@code report.md}, the
 * precision-recall curves ({@link PrecisionRecallChart#FILE}) and a grid of the first images with
 * every truth and every reported face coloured right or wrong.
 *
 * <pre>{@code
 * Path json = DenseReportWriter.write(result, metadata.name(), "test", metadata.classes(), metadata.decodeOptions(),
 *         Path.of("report"));
 * }</pre>
 */
public final class DenseReportWriter {

    public static final String GRID_FILE = "predictions.png";
    /** Images drawn in the grid. */
    static final int GRID_IMAGES = 16;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DenseReportWriter() {}

    /**
     * Writes the four files into {@code dir}; returns the JSON report's path. The decode options are
     * the model's own, recorded because the same weights score differently with other ones.
     */
    public static Path write(DenseEvaluator.Result result, String model, String split, List<String> classes,
            DecodeOptions decode, Path dir) throws IOException {
        Files.createDirectories(dir);
        DetectionSummary summary = DetectionSummary.of(result.metrics(), classes);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("split", split);
        json.put("decode", decode);
        json.put("classScoring", result.classScoring().id());
        json.put("detection", summary);
        if (result.classScoring() != ClassScoring.TOP_CLASS) {
            json.put("topClass", DetectionSummary.of(result.topClass(), classes));
        }
        json.put("anyClass", AnyClassSummary.of(result.anyClass()));
        ClassConfusion confusion = result.classConfusion();
        json.put("classConfusion", confusion);
        RecallBySize bySize = result.recallBySize();
        json.put("recallBySize", bySize);
        json.put("skipped", result.skipped());
        Path file = dir.resolve("report.json");
        JSON.writeValue(file.toFile(), json);
        Files.writeString(dir.resolve("report.md"), markdown(summary, model, split) + scoringMarkdown(result)
                + anyClassMarkdown(result.anyClass())
                + "\nThe class given to each labelled face among the faces found, whatever their class:\n\n"
                + confusion.markdown(classes)
                + "\nLabelled faces found (whatever class they were given), by their size at the model's input:\n\n"
                + bySize.markdown(classes) + decodeMarkdown(decode));
        PrecisionRecallChart.write(result.metrics(), classes, dir.resolve(PrecisionRecallChart.FILE));
        List<MatchedImage> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(GRID_IMAGES, result.images().size()); i++) {
            shown.add(new MatchedImage(result.images().get(i).image(), result.matches().get(i)));
        }
        if (!shown.isEmpty()) {
            new PredictionGrid(classes, 4, 256).writeFaces(shown, dir.resolve(GRID_FILE));
        }
        return file;
    }

    /** Faces found whatever their class, in original-image coordinates as the rest of the report. */
    record AnyClassSummary(double ap50, double ap50to95, int found, int misses, int falseAlarms) {
        static AnyClassSummary of(DetectionMetrics m) {
            return new AnyClassSummary(m.map50(), m.map50to95(), m.truePositives(), m.misses(), m.falseAlarms());
        }
    }

    /** How the APs above ranked faces, and with a multi-label scoring the top-class-only figures beside them. */
    static String scoringMarkdown(DenseEvaluator.Result r) {
        if (r.classScoring() == ClassScoring.TOP_CLASS) {
            return String.format(Locale.ROOT, "%nEach face is ranked in its most probable class only (`--class-scoring top`).%n");
        }
        DetectionMetrics m = r.topClass();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nEach face is ranked in every class at that class's"
                + " score (multi-label, `--class-scoring every`). With each face in its most probable class only, as the"
                + " stream shows it: mAP@0.5 **%.3f**, mAP@[.5:.95] %.3f (AP@0.5", m.map50(), m.map50to95()));
        for (ClassDetectionMetrics c : m.perClass()) {
            md.append(String.format(Locale.ROOT, "%s class %d %.3f", c.classId() == 0 ? "" : ",", c.classId(), c.ap50()));
        }
        return md.append(String.format(Locale.ROOT, ").%n")).toString();
    }

    static String anyClassMarkdown(DetectionMetrics m) {
        return String.format(Locale.ROOT, "%nEvery class taken as one (a face found and boxed, its class ignored):"
                + " AP@0.5 **%.3f**, AP@[.5:.95] %.3f; %d found, %d missed, %d false alarms.%n", m.map50(), m.map50to95(),
                m.truePositives(), m.misses(), m.falseAlarms());
    }

    static String decodeMarkdown(DecodeOptions d) {
        return String.format(Locale.ROOT, "%nDecoded as in `model.json`: at most %d faces, centre score at least %.2f, "
                + "suppression at IoU %s, containment %s, box voting %s, flip test %s.%n", d.topK(), d.scoreThreshold(),
                d.nmsIou() >= 1 ? "off" : String.format(Locale.ROOT, "%.2f", d.nmsIou()),
                d.nmsContainment() >= 1 ? "off" : String.format(Locale.ROOT, "%.2f", d.nmsContainment()),
                d.voteRadius() == 0 ? "off" : "over " + d.voteRadius() + " cell" + (d.voteRadius() == 1 ? "" : "s"),
                d.flipTest() ? "on" : "off");
    }

    static String markdown(DetectionSummary s, String model, String split) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "# Every-face evaluation of %s on the %s split%n%n"
                + "mAP@0.5 (VOC, all-point) **%.3f**, mAP@[.5:.95] (COCO) **%.3f** over %d images with %d faces.%n%n"
                + "At score %.2f: %d reported, %d found, %d missed, %d false alarms.%n%n"
                + "| class | faces | reported | AP@0.5 | AP@[.5:.95] |%n|---|---|---|---|---|%n", model, split, s.map50(),
                s.map50to95(), s.images(), s.faces(), s.operatingScore(), s.reported(), s.found(), s.misses(),
                s.falseAlarms()));
        for (ClassAveragePrecision c : s.perClass()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f |%n", c.label(), c.faces(), c.reported(),
                    c.ap50(), c.ap50to95()));
        }
        return md.toString();
    }
}
