package dev.facemask.trainer.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per-epoch metrics, written as {@code history.csv} and {@code history.json} like Keras' History. */
public final class TrainingHistory {

    public static final String CSV_FILE = "history.csv";
    public static final String JSON_FILE = "history.json";
    static final String CSV_HEADER = "epoch,loss,class_loss,box_loss,accuracy,iou,val_loss,val_class_loss,"
            + "val_box_loss,val_accuracy,val_iou,images_per_second,seconds";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<EpochMetrics> epochs = new ArrayList<>();

    public TrainingHistory() {}

    public TrainingHistory(List<EpochMetrics> epochs) {
        this.epochs.addAll(epochs);
    }

    void add(EpochMetrics m) {
        epochs.add(m);
    }

    public List<EpochMetrics> epochs() {
        return List.copyOf(epochs);
    }

    /** Writes both files into {@code dir}. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (EpochMetrics m : epochs) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.3f%n",
                    m.epoch(), m.loss(), m.classLoss(), m.boxLoss(), m.accuracy(), m.iou(), m.valLoss(),
                    m.valClassLoss(), m.valBoxLoss(), m.valAccuracy(), m.valIou(), m.imagesPerSecond(), m.seconds()));
        }
        Files.writeString(dir.resolve(CSV_FILE), csv);
        JSON.writeValue(dir.resolve(JSON_FILE).toFile(), epochs);
    }

    /**
     * Reads {@code history.json} from {@code dir}.
     *
     * @throws IOException naming the file when it cannot be parsed
     */
    public static TrainingHistory read(Path dir) throws IOException {
        Path file = dir.resolve(JSON_FILE);
        try {
            return new TrainingHistory(List.of(JSON.readValue(file.toFile(), EpochMetrics[].class)));
        } catch (IOException e) {
            throw new IOException("Unreadable training history " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }
}
