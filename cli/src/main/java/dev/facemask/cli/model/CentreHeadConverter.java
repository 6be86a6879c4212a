package dev.facemask.cli.model;

import dev.facemask.trainer.model.CentreHead;
import picocli.CommandLine;

/** {@code per-class|objectness}, with the accepted values in the error. */
public final class CentreHeadConverter implements CommandLine.ITypeConverter<CentreHead> {
    @Override
    public CentreHead convert(String value) {
        try {
            return CentreHead.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
