package dev.facemask.cli.model;

import dev.facemask.trainer.model.Preset;
import picocli.CommandLine;

/** {@code seed|small|tiny}, with the accepted values in the error. */
public final class PresetConverter implements CommandLine.ITypeConverter<Preset> {
    @Override
    public Preset convert(String value) {
        try {
            return Preset.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
