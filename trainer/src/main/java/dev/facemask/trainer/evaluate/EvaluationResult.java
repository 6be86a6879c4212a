package dev.facemask.trainer.evaluate;

import java.nio.file.Path;

/**
 * A finished evaluation and the files it wrote.
 *
 * @param report the numbers
 * @param json {@code report.json}
 * @param markdown {@code report.md}
 * @param grid {@code predictions.png}, or null when no grid was asked for
 */
public record EvaluationResult(EvaluationReport report, Path json, Path markdown, Path grid) {}
