package dev.facemask.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.job.options.JobOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The demo's live view on a real broker: served on 127.0.0.1, at a free port when the asked one is taken. */
class DemoViewITCase {

    @Test
    void shouldServeTheViewOnAFreePortWhenTheAskedOneIsTaken() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            kafka.createTopics(1, JobOptions.DEFAULT_FRAMES_TOPIC, JobOptions.DEFAULT_DETECTIONS_TOPIC,
                    JobOptions.DEFAULT_DEAD_LETTER_TOPIC);
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            List<String> lines = new ArrayList<>();
            try (DemoView view = new DemoView(taken.getLocalPort(), lines::add)) {
                view.start(props);

                assertThat(lines).hasSize(1);
                String url = lines.get(0).replaceAll("^Live view at (\\S+) .*$", "$1");
                assertThat(url).startsWith("http://127.0.0.1:").doesNotEndWith(":" + taken.getLocalPort() + "/");
                HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).contains("<title>Face-mask detector: live view</title>");
            }
        }
    }

    @Test
    void shouldServeNoViewWithPortMinusOne() {
        List<String> lines = new ArrayList<>();
        try (DemoView view = new DemoView(-1, lines::add)) {
            view.start(new Properties());
        }
        assertThat(lines).isEmpty();
    }
}
