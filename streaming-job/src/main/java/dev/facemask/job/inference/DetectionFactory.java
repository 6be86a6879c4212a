package dev.facemask.job.inference;

import dev.facemask.inference.MappedFace;
import dev.facemask.inference.PredictionMapper;
import dev.facemask.schema.Face;
import dev.facemask.inference.Prediction;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.GradCam;
import dev.facemask.vision.model.ModelMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the model's answer for one frame into a {@link Detection}: the box is mapped from the
 * padded model input back to the original frame ({@code Letterbox.toOriginal}), and labels,
 * model name and version come from {@code model.json}. Every face the model reported goes into
 * {@code faces} (contract v2) with the frame's counts per class; the v1 single-face fields keep the
 * strongest face, and the Grad-CAM explains it.
 */
public final class DetectionFactory {

    private final ModelMetadata metadata;

    private final PredictionMapper mapper;

    public DetectionFactory(ModelMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.mapper = new PredictionMapper(metadata);
    }

    /**
     * @param inferenceMillis model time of the whole batch the frame ran in
     * @param batchSize frames in that batch
     */
    public Detection create(PreparedFrame frame, Prediction prediction, float inferenceMillis, int batchSize) {
        dev.facemask.vision.geometry.Box original = frame.letterbox().toOriginal(prediction.modelBox());
        int classId = prediction.classId();
        List<Face> faces = faces(frame, prediction);
        int[] perClass = new int[3];
        for (Face f : faces) {
            if (f.getClassId() < perClass.length) {
                perClass[f.getClassId()]++;
            }
        }
        return Detection.newBuilder()
                .setCameraId(frame.cameraId)
                .setSequence(frame.sequence)
                .setCaptureTime(Instant.ofEpochMilli(frame.captureTime))
                .setProcessingTime(Instant.now())
                .setModelName(metadata.name())
                .setModelVersion(metadata.version())
                .setClassId(classId)
                .setClassLabel(metadata.classLabel(classId))
                .setScore(prediction.score())
                .setClassScores(classScores(prediction.probabilities()))
                .setBox(toAvro(original))
                .setBoxPixels(toAvro(original.toPixels(frame.originalWidth, frame.originalHeight)))
                .setInferenceMillis(inferenceMillis)
                .setBatchSize(batchSize)
                .setGradCam(prediction.hasHeatmap() ? gradCam(prediction.heatmap(), prediction.heatmapSize(), classId)
                        : null)
                .setSourceName(frame.sourceName)
                .setFaces(faces)
                .setFaceCount(faces.size())
                .setMaskedCount(perClass[0])
                .setUnmaskedCount(perClass[1])
                .setIncorrectlyMaskedCount(perClass[2])
                .build();
    }

    private List<Face> faces(PreparedFrame frame, Prediction prediction) {
        List<MappedFace> mapped = mapper.mapFaces(prediction, frame.letterbox());
        List<Face> faces = new ArrayList<>(mapped.size());
        for (int i = 0; i < mapped.size(); i++) {
            MappedFace m = mapped.get(i);
            float[] cam = prediction.faceHeatmap(i);
            faces.add(Face.newBuilder().setClassId(m.classId()).setClassLabel(m.label()).setScore(m.score())
                    .setClassScores(classScores(m.classScores())).setBox(toAvro(m.box()))
                    .setBoxPixels(toAvro(m.pixelBox()))
                    .setGradCam(cam == null ? null : gradCam(cam, prediction.heatmapSize(), m.classId())).build());
        }
        return faces;
    }

    private Map<String, Float> classScores(float[] probabilities) {
        Map<String, Float> scores = new LinkedHashMap<>();
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(metadata.classLabel(i), probabilities[i]);
        }
        return scores;
    }

    private GradCam gradCam(float[] heatmap, int size, int classId) {
        List<Float> values = new ArrayList<>(heatmap.length);
        for (float v : heatmap) {
            values.add(v);
        }
        return GradCam.newBuilder()
                .setWidth(size)
                .setHeight(size)
                .setValues(values)
                .setClassId(classId)
                .setClassLabel(metadata.classLabel(classId))
                .build();
    }

    private static Box toAvro(dev.facemask.vision.geometry.Box box) {
        return new Box((float) box.xMin(), (float) box.yMin(), (float) box.xMax(), (float) box.yMax());
    }
}
