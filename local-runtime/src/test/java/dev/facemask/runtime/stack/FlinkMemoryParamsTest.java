package dev.facemask.runtime.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlinkMemoryParamsTest {

    /** The tail of {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} for 1600m, as printed by Flink 2.2.1. */
    private static final String OUTPUT = """
            INFO  [main] org.apache.flink.configuration.GlobalConfiguration - Loading configuration property: x, y
            BASH_JAVA_UTILS_EXEC_RESULT:-Xmx469762039 -Xms469762039 -XX:MaxDirectMemorySize=255013685 -XX:MaxMetaspaceSize=268435456
            BASH_JAVA_UTILS_EXEC_RESULT:-D taskmanager.memory.network.min=120795957b -D taskmanager.cpu.cores=2.0
            """;

    @Test
    void shouldSplitJvmFlagsAndDynamicOptions() {
        FlinkCluster.MemoryParams params = FlinkCluster.MemoryParams.parse(OUTPUT);

        assertThat(params.jvmOptions()).containsExactly("-Xmx469762039", "-Xms469762039",
                "-XX:MaxDirectMemorySize=255013685", "-XX:MaxMetaspaceSize=268435456");
        assertThat(params.dynamicConfigs()).containsExactly("-D", "taskmanager.memory.network.min=120795957b",
                "-D", "taskmanager.cpu.cores=2.0");
    }

    @Test
    void shouldQuoteTheOutputWhenResultsAreMissing() {
        assertThatThrownBy(() -> FlinkCluster.MemoryParams.parse("Exception in thread main\nbad config\n"))
                .isInstanceOf(StackException.class)
                .hasMessage("BashJavaUtils printed 0 result lines, expected 2: Exception in thread main | bad config");
    }
}
