package dev.facemask.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.facemask.inference.testkit.TestImages;
import dev.facemask.inference.testkit.ToySavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedModelTest {

    @TempDir
    static Path temp;

    private static Path modelDir;

    @BeforeAll
    static void export() throws Exception {
        try (ToySavedModel toy = new ToySavedModel(16, 3, 4, 3)) {
            modelDir = temp.resolve("models").resolve("toy");
            toy.export(modelDir);
        }
    }

    @Test
    void shouldLoadOnceForTwoLeasesOnTheSameFolder() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);

        try (SharedModel.Lease first = registry.lease(modelDir);
                SharedModel.Lease second = registry.lease(modelDir.resolve("..").resolve("toy"))) {
            assertThat(registry.loadCount()).isEqualTo(1);
            assertThat(second.model()).isSameAs(first.model());
            assertThat(registry.references(first.modelDir())).isEqualTo(2);
            assertThat(first.metadata().name()).isEqualTo("toy");
        }
    }

    @Test
    void shouldKeepFp32AndBf16OfOneFolderApart() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        SharedModel.Lease fp32 = registry.lease(modelDir);
        SharedModel.Lease bf16 = registry.lease(modelDir, Precision.BF16);
        SharedModel.Lease bf16Again = registry.lease(modelDir.resolve("..").resolve("toy"), Precision.BF16);

        assertThat(registry.loadCount()).isEqualTo(2);
        assertThat(bf16.model()).isNotSameAs(fp32.model()).isSameAs(bf16Again.model());
        assertThat(fp32.model().precision()).isEqualTo(Precision.FP32);
        assertThat(bf16.model().precision()).isEqualTo(Precision.BF16);
        assertThat(bf16.precision()).isEqualTo(Precision.BF16);
        assertThat(registry.references(fp32.modelDir(), Precision.FP32)).isEqualTo(1);
        assertThat(registry.references(fp32.modelDir(), Precision.BF16)).isEqualTo(2);
        assertThat(registry.loaded()).containsExactly(fp32.modelDir());

        SavedModelPredictor bf16Model = bf16.model();
        bf16.close();
        assertThat(bf16Model.isClosed()).isFalse();
        bf16Again.close();
        assertThat(bf16Model.isClosed()).isTrue();
        assertThat(registry.references(fp32.modelDir(), Precision.BF16)).isZero();
        assertThat(fp32.model().isClosed()).isFalse();
        fp32.predictor().predict(TestImages.prepared(fp32.model().preprocessor(), 1, 1), false);
        fp32.close();
        assertThat(registry.loaded()).isEmpty();
    }

    @Test
    void shouldShareTheModelThroughASymbolicLink() throws Exception {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        Path link = Files.createSymbolicLink(temp.resolve("link-" + System.nanoTime()), modelDir);

        try (SharedModel.Lease viaDir = registry.lease(modelDir); SharedModel.Lease viaLink = registry.lease(link)) {
            assertThat(viaLink.model()).isSameAs(viaDir.model());
            assertThat(registry.loadCount()).isEqualTo(1);
        }
    }

    @Test
    void shouldCloseTheModelWhenTheLastLeaseCloses() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        SharedModel.Lease first = registry.lease(modelDir);
        SharedModel.Lease second = registry.lease(modelDir);
        SavedModelPredictor model = first.model();

        first.close();
        first.close(); // a second close must not release the other holder's claim
        assertThat(model.isClosed()).isFalse();
        assertThat(registry.references(second.modelDir())).isEqualTo(1);
        second.predictor().predict(TestImages.prepared(model.preprocessor(), 1, 1), false);

        second.close();
        assertThat(model.isClosed()).isTrue();
        assertThat(registry.loaded()).isEmpty();
    }

    @Test
    void shouldLoadAgainAfterTheModelWasClosed() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        registry.lease(modelDir).close();

        try (SharedModel.Lease again = registry.lease(modelDir)) {
            assertThat(again.model().isClosed()).isFalse();
            assertThat(registry.loadCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheModelOpenWhenAHolderClosesItsPredictor() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        try (SharedModel.Lease lease = registry.lease(modelDir)) {
            lease.predictor().close();

            assertThat(lease.model().isClosed()).isFalse();
        }
    }

    @Test
    void shouldRefuseAClosedLease() {
        SharedModel registry = new SharedModel(SavedModelPredictor::load);
        SharedModel.Lease lease = registry.lease(modelDir);
        lease.close();

        assertThatThrownBy(lease::predictor)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lease on " + lease.modelDir() + " is closed");
    }

    @Test
    void shouldNameTheFolderWhenItIsNotAModel() {
        Path missing = temp.resolve("nowhere");

        assertThatThrownBy(() -> SharedModel.acquire(missing))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageStartingWith("Model folder not found: " + missing.toAbsolutePath());
        assertThat(SharedModel.loadedModels()).isEmpty();
    }
}
