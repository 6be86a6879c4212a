package dev.facemask.runtime.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class FlinkRestClientTest {

    @Test
    void shouldQuoteFlinksErrorHeadAndDeepestCause() throws Exception {
        String body = "{\"errors\":[\"org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\\n"
                + "\\tat org.apache.flink.X.y(X.java:1)\\n"
                + "Caused by: org.apache.flink.client.program.ProgramInvocationException: The main method caused an error\\n"
                + "Caused by: java.lang.IllegalArgumentException: --model is required\\n\\tat Z.z(Z.java:2)\"]}";

        String error = FlinkRestClient.firstError(new ObjectMapper().readTree(body), body);

        assertThat(error).isEqualTo("org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application."
                + " | Caused by: java.lang.IllegalArgumentException: --model is required");
    }

    @Test
    void shouldFallBackToTheFirstLineOfANonFlinkBody() throws Exception {
        String body = "<html>\n<body>proxy error</body>";

        assertThat(FlinkRestClient.firstError(new ObjectMapper().createObjectNode(), body)).isEqualTo("<html>");
    }
}
