package dev.facemask.cli.train;

import dev.facemask.vision.evaluate.ClassScoring;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --class-scoring top|every}; anything else fails with the choices named. */
public final class ClassScoringConverter implements ITypeConverter<ClassScoring> {

    @Override
    public ClassScoring convert(String value) {
        try {
            return ClassScoring.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
