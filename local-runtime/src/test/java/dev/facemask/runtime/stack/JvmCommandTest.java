package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmCommandTest {

    @TempDir
    Path dir;

    @Test
    void shouldListEachJarOnceWithTheFirstFolderWinning() throws Exception {
        Path flink = Files.createDirectories(dir.resolve("flink"));
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.createFile(flink.resolve("b.jar"));
        Files.createFile(flink.resolve("slf4j-api-2.0.17.jar"));
        Files.createFile(model.resolve("slf4j-api-2.0.17.jar"));
        Files.createFile(model.resolve("a.jar"));
        Files.createFile(model.resolve("notes.txt"));

        List<String> command = JvmCommand.builder("x.Main").classpath(flink).classpath(model)
                .jvmOption("-Xmx1g").arg("--flag").build();

        assertThat(command).containsExactly(JvmCommand.javaBinary().toString(), "-Xmx1g", "-cp",
                String.join(File.pathSeparator, flink.resolve("b.jar").toString(),
                        flink.resolve("slf4j-api-2.0.17.jar").toString(), model.resolve("a.jar").toString()),
                "x.Main", "--flag");
    }

    @Test
    void shouldSayHowToStageJarsWhenAFolderHasNone() {
        assertThatThrownBy(() -> JvmCommand.builder("kafka.Kafka").classpath(dir.resolve("kafka")).build())
                .isInstanceOf(StackException.class)
                .hasMessage("no jars in " + dir.resolve("kafka")
                        + " (needed by kafka.Kafka): stage them with `mvn -pl local-runtime -am package` (or pass --jars)");
    }

    @Test
    void shouldReadFlinksJava17ListFromTheSharedArgumentFile() {
        assertThat(JvmCommand.FLINK_JAVA17_OPENS).hasSize(17)
                .startsWith("--add-exports=java.base/sun.net.util=ALL-UNNAMED")
                .contains("--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED")
                .endsWith("--add-opens=java.sql/java.sql=ALL-UNNAMED")
                .allMatch(option -> option.startsWith("--add-opens=") || option.startsWith("--add-exports="));
    }

    @Test
    void shouldPassTheSameArgumentFileFromTheLauncherAndTheTestForks() throws IOException {
        assertThat(Files.readAllLines(Path.of("src/main/resources/java17-opens.args")))
                .isEqualTo(JvmCommand.FLINK_JAVA17_OPENS);
        assertThat(Files.readString(Path.of("../detector")))
                .contains("\"@$ROOT/local-runtime/src/main/resources/java17-opens.args\"")
                .doesNotContain("--add-opens=");
        assertThat(Files.readString(Path.of("../pom.xml")))
                .contains("<surefire.addOpens>@${project.basedir}/../local-runtime/src/main/resources/java17-opens.args<");
    }
}
