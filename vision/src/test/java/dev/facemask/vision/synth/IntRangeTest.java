package dev.facemask.vision.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IntRangeTest {

    @Test
    void shouldParseARangeOrOneNumber() {
        assertThat(IntRange.parse("1-8")).isEqualTo(new IntRange(1, 8));
        assertThat(IntRange.parse(" 2 - 5 ")).isEqualTo(new IntRange(2, 5));
        assertThat(IntRange.parse("320")).isEqualTo(IntRange.of(320));
        assertThat(IntRange.parse("9-2")).isEqualTo(new IntRange(9, 2));
    }

    @Test
    void shouldPrintWhatItParses() {
        assertThat(new IntRange(12, 200)).hasToString("12-200");
        assertThat(IntRange.of(320)).hasToString("320");
    }

    @Test
    void shouldRefuseTextThatIsNotARange() {
        for (String text : new String[] {"a-b", "1-2-3", "-3", "", "1.5"}) {
            assertThatThrownBy(() -> IntRange.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + text + "' is not a range: write MIN-MAX, like 1-8, or one number");
        }
    }
}
