package dev.facemask.cli.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A frame's width and height in pixels, written {@code WxH} ({@code 1280x720}). */
record FrameSize(int width, int height) {

    FrameSize {
        if (width < 64 || height < 64 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("Frame size must be 64 to 8192 pixels a side, like 1280x720; was "
                    + width + "x" + height);
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** Parses {@code WxH}. */
    static final class Converter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            String[] parts = value.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            throw new TypeConversionException("Frame size must be WIDTHxHEIGHT, like 1280x720; was '" + value + "'");
        }
    }
}
