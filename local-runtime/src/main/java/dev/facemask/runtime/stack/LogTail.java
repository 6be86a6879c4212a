package dev.facemask.runtime.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Quotes the last error of a stack JVM in one line, so a failed start-up says why without opening files. */
final class LogTail {
    private LogTail() {}

    /** The last ERROR/Exception line of {@code logs/<id>.log} or {@code .out}, plus where to read more. */
    static String of(StackLayout layout, StackJvm process) {
        List<String> lines = new ArrayList<>();
        for (Path file : List.of(layout.outFile(process), layout.logFile(process))) {
            try {
                if (Files.isRegularFile(file)) {
                    lines.addAll(Files.readAllLines(file));
                }
            } catch (IOException e) {
                // an unreadable log is no reason to hide the original failure
            }
        }
        String last = lines.stream()
                .filter(l -> l.contains("ERROR") || l.contains("Exception") || l.contains("Error:"))
                .reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
        return last.strip() + " (see " + layout.logFile(process) + " and " + layout.outFile(process) + ")";
    }
}
