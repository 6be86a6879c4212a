package dev.facemask.cli.data;

import dev.facemask.vision.dataset.DatasetScan;
import dev.facemask.vision.dataset.Datasets;
import dev.facemask.vision.dataset.DropReason;
import dev.facemask.vision.dataset.DroppedFile;
import dev.facemask.vision.render.DatasetGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code detector data inspect}: what a dataset holds, what the seed's filter drops and why, and a grid of samples. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Count images and faces per class, list dropped files with reasons, draw a grid of samples.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Dataset folder (YOLO darknet or Pascal VOC) or archive.zip.")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE.png", description = "Write a grid of samples with their boxes (green: masked, blue: unmasked).")
    Path grid;

    @Option(names = "--samples", defaultValue = "16", description = "Images in the grid (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--show-dropped", defaultValue = "10", description = "Dropped files listed per reason (default: ${DEFAULT-VALUE}).")
    int showDropped;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DatasetScan scan = Datasets.open(dir);
        out.printf("Dataset %s (%s)%n", scan.root(), scan.format());
        out.printf("  images with annotations  %,d%n", scan.valid().size());
        out.printf("  single-object images     %,d   (the seed keeps only these)%n", scan.singleObject().size());
        out.println("  faces per class:");
        for (Map.Entry<String, Integer> e : scan.facesPerClass().entrySet()) {
            out.printf("    %-24s %,d%n", e.getKey(), e.getValue());
        }
        Map<DropReason, Integer> dropped = scan.droppedCounts();
        out.printf("  dropped files            %,d%n", scan.dropped().size());
        for (Map.Entry<DropReason, Integer> e : dropped.entrySet()) {
            out.printf("    %-24s %,d%n", e.getKey(), e.getValue());
            List<DroppedFile> files = scan.dropped(e.getKey());
            files.stream().limit(showDropped).forEach(f -> out.printf("      %s%n", f.detail()));
            if (files.size() > showDropped) {
                out.printf("      ... and %d more%n", files.size() - showDropped);
            }
        }
        if (grid != null) {
            List<dev.facemask.vision.dataset.LabeledImage> shown = scan.valid().subList(0, Math.min(samples, scan.valid().size()));
            new DatasetGrid(4, 256, scan.classNames()).writePng(shown, grid);
            out.printf("Wrote a grid of %d samples to %s%n", shown.size(), grid.toAbsolutePath());
        }
        return 0;
    }
}
