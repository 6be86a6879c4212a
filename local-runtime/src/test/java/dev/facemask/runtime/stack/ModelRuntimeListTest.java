package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The jars staged for Flink's lib/ and the jars the shaded job leaves out come from one list, the parent
 * pom's {@code model.runtime.artifacts}: a second, hand-kept list would drift from it.
 */
class ModelRuntimeListTest {

    @Test
    void shouldStageAndLeaveOutOfTheJobJarTheSameList() throws IOException {
        assertThat(Files.readString(Path.of("../streaming-job/pom.xml")))
                .contains("<excludes>${model.runtime.artifacts},org.apache.logging.log4j:*</excludes>");
        assertThat(Files.readString(Path.of("pom.xml")))
                .contains("<propertyresource name=\"model.runtime.artifacts\"/>")
                .contains("<includeArtifactIds>${model.runtime.artifactIds},");
    }

    @Test
    void shouldListTensorFlowAndTheInferenceCodeByGroupAndArtifact() throws IOException {
        Matcher list = Pattern.compile("<model\\.runtime\\.artifacts>([^<]*)</model\\.runtime\\.artifacts>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(list.find()).as("model.runtime.artifacts in the parent pom").isTrue();
        List<String> artifacts = Arrays.asList(list.group(1).split(","));

        assertThat(artifacts).allMatch(a -> a.matches("[\\w.-]+:[\\w.-]+"), "groupId:artifactId without spaces")
                .contains("dev.facemask:inference", "dev.facemask:vision", "ai.djl.tensorflow:tensorflow-engine",
                        "org.tensorflow:tensorflow-core-native", "org.bytedeco:javacpp");
    }
}
