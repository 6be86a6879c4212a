package dev.facemask.trainer.export;

import dev.facemask.trainer.model.CentreHead;
import dev.facemask.trainer.model.ModelConfig;

/** {@link DenseExportTest} for the objectness centre head: DJL reads the trainer's faces and Grad-CAMs. */
class DenseObjectnessExportTest extends DenseExportTest {

    @Override
    ModelConfig config() {
        return super.config().toBuilder().centreHead(CentreHead.OBJECTNESS).build();
    }
}
