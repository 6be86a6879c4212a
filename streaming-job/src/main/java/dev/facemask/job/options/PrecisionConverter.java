package dev.facemask.job.options;

import dev.facemask.inference.Precision;
import picocli.CommandLine;

/** {@code --precision fp32|bf16}, any case; another value is refused by name. */
public final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
        try {
            return Precision.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
