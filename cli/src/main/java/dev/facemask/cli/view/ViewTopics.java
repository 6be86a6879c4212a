package dev.facemask.cli.view;

import java.util.List;
import java.util.Objects;

/** The three topics the view reads, named as the job's options name them. */
record ViewTopics(String frames, String detections, String deadLetters) {

    ViewTopics {
        Objects.requireNonNull(frames, "frames topic");
        Objects.requireNonNull(detections, "detections topic");
        Objects.requireNonNull(deadLetters, "dead-letter topic");
    }

    List<String> all() {
        return List.of(frames, detections, deadLetters);
    }
}
