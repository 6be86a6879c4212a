package dev.facemask.trainer.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.trainer.model.ModelConfig;
import dev.facemask.trainer.model.ModelWeights;
import dev.facemask.trainer.model.Preset;
import dev.facemask.trainer.model.WeightArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    private static Checkpoint checkpoint(int epoch, float value) {
        Map<String, WeightArray> arrays = new LinkedHashMap<>();
        arrays.put("stem_conv_w", new WeightArray(new long[] {1, 2}, new float[] {value, -0.0f}));
        arrays.put("stem_conv_w_adam_m", new WeightArray(new long[] {2}, new float[] {Float.MIN_VALUE, Float.NaN}));
        return new Checkpoint(ModelConfig.builder(Preset.TINY).build(), epoch, 17, 0.25, List.of(),
                new ModelWeights(arrays));
    }

    @Test
    void shouldRoundTripVariablesBitForBit(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(1, 1.5f));
        store.save(checkpoint(2, 2.5f));

        Checkpoint loaded = store.load().orElseThrow();
        assertThat(loaded.epoch()).isEqualTo(2);
        assertThat(loaded.adamStep()).isEqualTo(17);
        assertThat(loaded.config()).isEqualTo(ModelConfig.builder(Preset.TINY).build());
        assertThat(loaded.variables().sameAs(checkpoint(2, 2.5f).variables())).isTrue();
        assertThat(loaded.modelWeights().names()).containsExactly("stem_conv_w");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CheckpointStore.DIR);
        }
    }

    @Test
    void shouldNameTruncatedVariablesFile(@TempDir Path dir) throws Exception {
        CheckpointStore store = new CheckpointStore(dir);
        store.save(checkpoint(1, 1f));
        Path file = dir.resolve(CheckpointStore.DIR).resolve(CheckpointStore.VARIABLES_FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        assertThatThrownBy(store::load).hasMessage("Truncated variables file " + file.toAbsolutePath());
    }

    @Test
    void shouldReportNoCheckpointInEmptyFolder(@TempDir Path dir) throws Exception {
        assertThat(new CheckpointStore(dir).load()).isEmpty();
    }
}
