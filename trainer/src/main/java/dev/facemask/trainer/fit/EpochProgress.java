package dev.facemask.trainer.fit;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar over one epoch's steps showing the running loss and accuracy. */
final class EpochProgress implements AutoCloseable {

    private final ProgressBar bar;

    EpochProgress(PrintStream out, int epoch, int epochs, int steps) {
        bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(steps).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out, 120)).build();
    }

    void step(MetricAccumulator running) {
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f iou %.3f", running.totalLoss(),
                running.accuracy(), running.iou()));
        bar.step();
    }

    /** Advances one step showing {@code message} (the dense head's running losses). */
    void step(String message) {
        bar.setExtraMessage(message);
        bar.step();
    }

    @Override
    public void close() {
        bar.close();
    }
}
