package dev.facemask.trainer.evaluate;

import java.util.Locale;

/** The every-face section of {@code report.md}: a summary table and a per-class AP table. */
final class DetectionMarkdown {

    private DetectionMarkdown() {}

    static void append(StringBuilder md, DetectionSummary d) {
        md.append("\n## Every face (detection)\n\n| metric | value |\n|---|---|\n");
        row(md, "mAP@0.5 (VOC, all-point)", f(d.map50()));
        row(md, "mAP@[.5:.95] (COCO, 101-point)", f(d.map50to95()));
        row(md, "images", Integer.toString(d.images()));
        row(md, "labelled faces", Integer.toString(d.faces()));
        row(md, String.format(Locale.ROOT, "reported faces (score >= %.2f)", d.operatingScore()),
                Integer.toString(d.reported()));
        row(md, "found (IoU >= 0.5, right class)", Integer.toString(d.found()));
        row(md, "misses", d.misses() + " in " + d.imagesWithMisses() + " images");
        row(md, "false alarms", d.falseAlarms() + " in " + d.imagesWithFalseAlarms() + " images");
        md.append("\n| class | faces | reported | AP@0.5 | AP@[.5:.95] |\n|---|---|---|---|---|\n");
        for (ClassAveragePrecision c : d.perClass()) {
            // A class without faces has no AP: a dash, and it is left out of the means.
            String ap50 = c.faces() == 0 ? "-" : f(c.ap50());
            String ap50to95 = c.faces() == 0 ? "-" : f(c.ap50to95());
            md.append("| ").append(c.label()).append(" | ").append(c.faces()).append(" | ").append(c.reported())
                    .append(" | ").append(ap50).append(" | ").append(ap50to95).append(" |\n");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
