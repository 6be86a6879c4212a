package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.testkit.TestImages;
import dev.facemask.inference.testkit.ToySavedModel;
import dev.facemask.vision.preprocess.ColorMode;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

class PrecisionTest {

    /**
     * Largest |bf16 - fp32| allowed for a probability or box coordinate of the toy model (mean pool,
     * then two small MatMuls, which the rewrite turns to bf16). Measured on this machine (AMD Zen 5,
     * avx512_bf16): at most 0.0016 over the 48 values below, and not 0, so bf16 really ran. Set at
     * 0.02, over 10x that, since bf16 keeps 8 bits of mantissa and other CPUs round differently. On a
     * CPU without AVX-512, TensorFlow's source skips the rewrite (not tried here): the difference is
     * then 0 and the test still checks the bf16 load path. The trained
     * convolutional models behave far worse here: see the inference README.
     */
    private static final float TOLERANCE = 0.02f;

    @TempDir
    static Path temp;

    @Test
    void shouldParseTheCommandLineNamesInAnyCase() {
        assertThat(Precision.parse("fp32")).isEqualTo(Precision.FP32);
        assertThat(Precision.parse(" BF16 ")).isEqualTo(Precision.BF16);
        assertThat(Precision.BF16).hasToString("bf16");
        assertThatThrownBy(() -> Precision.parse("fp16")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fp16' is not a precision: use fp32 or bf16");
    }

    @Test
    void shouldAddTheOneDnnBf16RewriteToTheBaseOptionsAndLeaveFp32Alone() {
        ConfigProto base = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).build();

        ConfigProto bf16 = Precision.BF16.config(base);

        assertThat(Precision.FP32.config(base)).isSameAs(base);
        assertThat(bf16.getIntraOpParallelismThreads()).isEqualTo(2);
        assertThat(bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16())
                .isEqualTo(RewriterConfig.Toggle.ON);
    }

    @Test
    void shouldPredictFiniteScoresCloseToFp32InBf16() throws Exception {
        Path dir = temp.resolve("toy");
        try (ToySavedModel toy = new ToySavedModel(32, 3, 4, 11)) {
            toy.export(dir);
        }
        Preprocessor preprocessor = new Preprocessor(32, ColorMode.RGB);
        try (SavedModelPredictor fp32 = SavedModelPredictor.load(dir, Precision.FP32);
                SavedModelPredictor bf16 = SavedModelPredictor.load(dir, Precision.BF16)) {
            assertThat(bf16.precision()).isEqualTo(Precision.BF16);
            for (int seed = 1; seed <= 3; seed++) {
                List<PreparedImage> images = TestImages.prepared(preprocessor, 8, seed);
                List<Prediction> expected = fp32.predict(images, false);
                List<Prediction> actual = bf16.predict(images, false);
                for (int i = 0; i < images.size(); i++) {
                    assertCloseAndFinite(actual.get(i).probabilities(), expected.get(i).probabilities());
                    assertCloseAndFinite(actual.get(i).boxXywh(), expected.get(i).boxXywh());
                }
            }
        }
    }

    private static void assertCloseAndFinite(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int j = 0; j < actual.length; j++) {
            assertThat(Float.isFinite(actual[j])).as("value %d finite", j).isTrue();
            assertThat(Math.abs(actual[j] - expected[j])).as("|bf16 - fp32| of value %d", j).isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void shouldNameTheOutputAndThePrecisionOfANonFiniteValue() {
        assertThatThrownBy(() -> NonFiniteOutputException.check(new float[] {0.5f, Float.NaN, Float.POSITIVE_INFINITY},
                "serving_default", "probabilities", Precision.BF16))
                .isInstanceOf(NonFiniteOutputException.class)
                .hasMessage("Output 'probabilities' of signature 'serving_default' has 2 of 3 values not finite (1 NaN)"
                        + " with the model in bf16: run it in fp32 (--precision fp32)");
        NonFiniteOutputException.check(new float[] {0f, 1f, -3e38f}, "serving_default", "boxes", Precision.FP32);
    }
}
