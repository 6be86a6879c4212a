package dev.facemask.cli.data;

import dev.facemask.vision.synth.IntRange;
import picocli.CommandLine;

/** {@code 1-8} or {@code 320} as an {@link IntRange}; the bounds are checked by the options that use it. */
public final class IntRangeConverter implements CommandLine.ITypeConverter<IntRange> {

    @Override
    public IntRange convert(String value) {
        try {
            return IntRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
