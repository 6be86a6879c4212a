package dev.facemask.cli.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facemask.schema.Box;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON the page reads: one {@code camera} event per camera update and one {@code stats} event. */
final class ViewJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ViewJson() {}

    /** The camera's latest detection with its faces, image links, rate and latency; empty before its first detection. */
    static Optional<String> camera(String id, CameraState camera) {
        return camera.latest().map(d -> write(cameraMap(id, camera, d)));
    }

    private static Map<String, Object> cameraMap(String id, CameraState camera, Detection d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("camera", id);
        out.put("sequence", d.getSequence());
        out.put("detections", camera.detections());
        out.put("fps", Math.round(camera.framesPerSecond() * 10) / 10.0);
        out.put("latencyMs", d.getProcessingTime().toEpochMilli() - d.getCaptureTime().toEpochMilli());
        out.put("model", d.getModelName() + " " + d.getModelVersion());
        String query = "?camera=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&sequence=" + d.getSequence();
        Optional<Frame> frame = camera.frame(d.getSequence());
        out.put("frame", frame.isPresent() ? "/frame" + query : null);
        out.put("gradCam", frame.isPresent() && GradCamImage.heatmap(d).isPresent() ? "/gradcam" + query : null);
        out.put("counts", Map.of("masked", d.getMaskedCount(), "unmasked", d.getUnmaskedCount(),
                "incorrectlyMasked", d.getIncorrectlyMaskedCount()));
        out.put("faces", d.getFaces().stream().map(ViewJson::face).toList());
        return out;
    }

    private static Map<String, Object> face(Face f) {
        Box b = f.getBox();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", f.getClassLabel());
        out.put("classId", f.getClassId());
        out.put("score", f.getScore());
        // Normalised to the frame, so the page scales it to whatever size it draws.
        out.put("box", List.of(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax()));
        return out;
    }

    static String stats(LiveState state) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("series", state.series().stream().map(b -> List.of(b.second(), b.masked(), b.unmasked(), b.incorrectlyMasked()))
                .toList());
        out.put("deadLetters", state.deadLetters());
        out.put("unreadable", state.unreadable());
        return write(out);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
