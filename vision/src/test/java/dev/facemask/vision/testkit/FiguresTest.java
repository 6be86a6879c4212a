package dev.facemask.vision.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {

    @Test
    void shouldPrefixTheLineAndFormatNumbersWithADecimalPoint() {
        assertThat(Figures.line("fuzzed frames %d in %.1f s; escaped %d", 2000, 3.44, 0))
                .isEqualTo("FIGURE: fuzzed frames 2000 in 3.4 s; escaped 0");
    }

    @Test
    void shouldKeepAPlainMessageAsIs() {
        assertThat(Figures.line("secrets masked: 4 of 4")).isEqualTo("FIGURE: secrets masked: 4 of 4");
    }
}
