package dev.facemask.vision.synth;

/**
 * A closed range of integers, {@code min..max}, written {@code 1-8} or, for one value, {@code 3}.
 *
 * @param min smallest value, inclusive
 * @param max largest value, inclusive; may be below {@code min} until a builder validates it
 */
public record IntRange(int min, int max) {

    /** The one-value range {@code value..value}. */
    public static IntRange of(int value) {
        return new IntRange(value, value);
    }

    /**
     * Parses {@code N} or {@code MIN-MAX} (spaces allowed around the numbers). Does not check that
     * {@code min <= max}: the options that use the range do, with a message naming the option.
     *
     * @throws IllegalArgumentException when the text is not one or two non-negative integers
     */
    public static IntRange parse(String text) {
        String[] parts = text.strip().split("-", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("'" + text + "' is not a range: write MIN-MAX, like 1-8, or one number");
        }
        try {
            int min = Integer.parseInt(parts[0].strip());
            return parts.length == 1 ? of(min) : new IntRange(min, Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a range: write MIN-MAX, like 1-8, or one number");
        }
    }

    public boolean contains(int value) {
        return value >= min && value <= max;
    }

    /** {@code min-max}, or {@code min} for one value: what {@link #parse} reads back. */
    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }
}
