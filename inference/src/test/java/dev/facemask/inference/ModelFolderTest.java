package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.testkit.ToySavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder checks need no TensorFlow: they run on empty files. */
class ModelFolderTest {

    @TempDir
    Path temp;

    private Path fakeModel(String name, boolean savedModel, String modelJson) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        if (savedModel) {
            Files.write(dir.resolve("saved_model.pb"), new byte[0]);
        }
        if (modelJson != null) {
            Files.writeString(dir.resolve("model.json"), modelJson);
        }
        return dir;
    }

    @Test
    void shouldReadAValidFolder() throws Exception {
        Path dir = fakeModel("ok", true, null);
        new ToySavedModelMetadata().write(dir);

        ModelFolder folder = ModelFolder.open(dir);

        assertThat(folder.dir()).isEqualTo(dir.toRealPath());
        assertThat(folder.metadata().classes()).containsExactly("masked", "unmasked");
        assertThat(folder.inputSize()).isEqualTo(16);
    }

    @Test
    void shouldNameAMissingFolder() {
        Path dir = temp.resolve("absent");

        assertThatThrownBy(() -> ModelFolder.open(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model folder not found: " + dir + " (train one with `./detector train --out " + dir + "`)");
    }

    @Test
    void shouldRefuseAFile() throws Exception {
        Path file = Files.writeString(temp.resolve("model.txt"), "x");

        assertThatThrownBy(() -> ModelFolder.open(file))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path is a file, not a folder: " + file);
    }

    @Test
    void shouldNameAFolderWithoutSavedModel() throws Exception {
        Path dir = fakeModel("nopb", false, "{}");

        assertThatThrownBy(() -> ModelFolder.open(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Not a TensorFlow SavedModel: " + dir + " has no saved_model.pb");
    }

    @Test
    void shouldNameAFolderWithoutModelJson() throws Exception {
        Path dir = fakeModel("nojson", true, null);

        assertThatThrownBy(() -> ModelFolder.open(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Not a model folder from this trainer: " + dir
                        + " has no model.json (labels and input size come from it)");
    }

    @Test
    void shouldNameABrokenModelJson() throws Exception {
        Path dir = fakeModel("broken", true, "{ \"classes\": [");

        assertThatThrownBy(() -> ModelFolder.open(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("Broken model.json in " + dir + ": Unreadable " + dir.toRealPath().resolve("model.json"));
    }

    @Test
    void shouldNameAModelJsonWithoutClasses() throws Exception {
        Path dir = fakeModel("noclasses", true, "{ \"name\": \"x\", \"classes\": [] }");

        assertThatThrownBy(() -> ModelFolder.open(dir))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("Broken model.json in " + dir)
                .hasMessageContaining("must list at least one class");
    }

    @Test
    void shouldResolveAPathInsideTheRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path model = Files.createDirectories(root.resolve("a/tiny"));

        assertThat(ModelFolder.resolve(root, "a/../a/tiny")).isEqualTo(model.toRealPath());
        assertThat(ModelFolder.resolve(root, model.toString())).isEqualTo(model.toRealPath());
        assertThat(ModelFolder.resolve(root, "not-yet")).isEqualTo(root.toRealPath().resolve("not-yet"));
    }

    @Test
    void shouldAcceptAnAbsolutePathUnderARootReachedThroughALink() throws Exception {
        Path real = Files.createDirectories(temp.resolve("volume/models"));
        Path model = Files.createDirectories(real.resolve("tiny"));
        Path link = Files.createSymbolicLink(temp.resolve("models"), real);

        assertThat(ModelFolder.resolve(link, link.resolve("tiny").toString())).isEqualTo(model.toRealPath());
        assertThat(ModelFolder.resolve(link, link.resolve("next").toString())).isEqualTo(real.toRealPath().resolve("next"));
        assertThatThrownBy(() -> ModelFolder.resolve(link, link.resolve("../volume").toString()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path '" + link.resolve("../volume") + "' leaves the model root " + real.toRealPath());
    }

    @Test
    void shouldRefuseAPathThatLeavesTheRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Files.createDirectories(temp.resolve("secret"));

        assertThatThrownBy(() -> ModelFolder.resolve(root, "../secret"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path '../secret' leaves the model root " + root.toRealPath());
        assertThatThrownBy(() -> ModelFolder.resolve(root, "/etc"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path '/etc' leaves the model root " + root.toRealPath());
    }

    @Test
    void shouldRefuseALinkThatLeavesTheRoot() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("escape"), outside);

        assertThatThrownBy(() -> ModelFolder.resolve(root, "escape"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("Model path 'escape' is a link to " + outside.toRealPath() + ", outside the model root "
                        + root.toRealPath());
    }

    @Test
    void shouldRefuseABlankRequest() throws Exception {
        Path root = Files.createDirectories(temp.resolve("root"));

        assertThatThrownBy(() -> ModelFolder.resolve(root, " "))
                .isInstanceOf(InvalidModelException.class)
                .hasMessage("No model path given: name a folder under " + root);
    }

    /** The toy model's metadata without building its graph. */
    private static final class ToySavedModelMetadata {
        void write(Path dir) throws Exception {
            new dev.facemask.vision.model.ModelMetadata("toy", "0.0.1", "toy", ToySavedModel.CLASSES, 16, 3,
                    "", "", 4, null, "none", "1970-01-01T00:00:00Z", "test").write(dir);
        }
    }
}
