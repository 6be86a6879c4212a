package dev.facemask.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code model.json}'s {@code decode} block, as {@link dev.facemask.vision.model.ModelMetadata} maps it. */
class DecodeOptionsJsonTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldReadAModelWrittenBeforeContainmentSuppressionAsWithoutIt() throws Exception {
        DecodeOptions old = json.readValue("{\"topK\":100,\"scoreThreshold\":0.1,\"nmsIou\":0.6}", DecodeOptions.class);

        assertThat(old).isEqualTo(new DecodeOptions(100, 0.1f, 0.6, 1, 0));
        assertThat(old.flipTest()).isFalse();
    }

    @Test
    void shouldKeepEveryOptionThroughModelJson() throws Exception {
        DecodeOptions options = new DecodeOptions(50, 0.2f, 0.45, 0.7, 2, true);

        String text = json.writeValueAsString(options);

        assertThat(text).contains("\"nmsContainment\":0.7", "\"voteRadius\":2", "\"flipTest\":true");
        assertThat(json.readValue(text, DecodeOptions.class)).isEqualTo(options);
    }
}
