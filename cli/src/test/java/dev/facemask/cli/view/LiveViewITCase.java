package dev.facemask.cli.view;

import static dev.facemask.cli.view.ViewRecords.deadLetter;
import static dev.facemask.cli.view.ViewRecords.detection;
import static dev.facemask.cli.view.ViewRecords.face;
import static dev.facemask.cli.view.ViewRecords.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.schema.DeadLetter;
import dev.facemask.schema.Detection;
import dev.facemask.schema.ErrorKind;
import dev.facemask.schema.Face;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.vision.testkit.Figures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The live view in a real browser: an in-process KRaft broker, frames and detections with known
 * faces on the job's topics, the view server, and headless Chromium reading the page's DOM.
 */
class LiveViewITCase {

    private static final AvroWire<Frame> FRAMES = AvroWire.of(Frame.getClassSchema());
    private static final AvroWire<Detection> DETECTIONS = AvroWire.of(Detection.getClassSchema());
    private static final AvroWire<DeadLetter> DEAD_LETTERS = AvroWire.of(DeadLetter.getClassSchema());
    private static final ViewTopics TOPICS = new ViewTopics("view-frames", "view-detections", "view-dead-letters");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;
    private static ViewServer view;
    private static HeadlessChromium browser;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(1, TOPICS.frames(), TOPICS.detections(), TOPICS.deadLetters());
        producer = producer(new Properties());
        view = ViewServer.start(new ViewOptions(clientProperties(), TOPICS, ViewOptions.DEFAULT_BIND, 0, false));
        browser = new HeadlessChromium();
        browser.driver.get(view.url());
        browser.waitUpTo(WAIT).until(ExpectedConditions.textToBe(By.id("status"), "live"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (view != null) {
            view.close();
        }
        if (producer != null) {
            producer.close();
        }
        kafka.close();
    }

    @Test
    void shouldDrawEveryCommittedFaceWithItsLabelAndCountDeadLettersByKind() throws Exception {
        long t = System.currentTimeMillis();
        // An aborted transaction first: a read_committed view must never show its camera.
        sendAborted(DETECTIONS.encode(detection("ghost", 1, t, List.of(face(1, 0.9f, 0.1f, 0.1f, 0.2f, null)))));
        List<Face> door = List.of(face(0, 0.93f, 0.05f, 0.1f, 0.25f, null), face(1, 0.81f, 0.4f, 0.2f, 0.2f, null),
                face(2, 0.66f, 0.7f, 0.5f, 0.22f, null));
        List<Face> lobby = List.of(face(1, 0.77f, 0.3f, 0.3f, 0.4f, ViewRecords.heatmap()));
        for (long seq = 1; seq <= 3; seq++) {
            send(TOPICS.frames(), "door", FRAMES.encode(frame("door", seq, t + seq * 33, door)));
            send(TOPICS.detections(), "door", DETECTIONS.encode(detection("door", seq, t + seq * 33, door)));
        }
        send(TOPICS.frames(), "lobby", FRAMES.encode(frame("lobby", 1, t, lobby)));
        send(TOPICS.detections(), "lobby", DETECTIONS.encode(detection("lobby", 1, t, lobby)));
        send(TOPICS.deadLetters(), "door", DEAD_LETTERS.encode(deadLetter("door", 4, ErrorKind.CORRUPT_IMAGE)));
        send(TOPICS.deadLetters(), "door", DEAD_LETTERS.encode(deadLetter("door", 5, ErrorKind.CORRUPT_IMAGE)));
        send(TOPICS.deadLetters(), "lobby", DEAD_LETTERS.encode(deadLetter("lobby", 2, ErrorKind.TOO_LARGE)));

        awaitSequence("door", 3);
        awaitSequence("lobby", 1);
        browser.waitUpTo(WAIT).until(d -> count("TOO_LARGE").equals("1") && count("CORRUPT_IMAGE").equals("2"));

        assertThat(labels("door")).containsExactly("mask 93%", "no-mask 81%", "mask-worn-incorrectly 66%");
        assertThat(labels("lobby")).containsExactly("no-mask 77%");
        assertThat(browser.driver.findElements(By.cssSelector("article.camera")).stream().map(e -> e.getAttribute("data-camera")))
                .contains("door", "lobby").doesNotContain("ghost");
        assertThat(browser.driver.findElements(By.cssSelector("#dead-letters tr[data-kind]"))).hasSize(2);
        WebElement doorImage = browser.driver.findElement(By.cssSelector("article.camera[data-camera='door'] img.frame"));
        assertThat(doorImage.getAttribute("src")).endsWith("/frame?camera=door&sequence=3");
        assertThat(browser.script("return arguments[0].naturalWidth;", doorImage)).isEqualTo(320L);
        assertThat(metrics("door")).contains("latency 42 ms", "1 masked, 1 unmasked, 1 worn incorrectly");

        // Grad-CAM on demand: the lobby's frame carries one, so ticking the box swaps in the blended image.
        browser.driver.findElement(By.cssSelector("article.camera[data-camera='lobby'] .gradcam-toggle input")).click();
        browser.waitUpTo(WAIT).until(d -> String.valueOf(browser.script(
                "return document.querySelector(\"article.camera[data-camera='lobby'] img.frame\").src;"))
                .contains("/gradcam?camera=lobby&sequence=1"));
        assertThat(labels("lobby")).containsExactly("no-mask 77%");

        Path shot = browser.screenshot(Path.of("target", "live-view.png"));
        byte[] png = Files.readAllBytes(shot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(png[1]).isEqualTo((byte) 'P');
    }

    @Test
    void shouldServeOnlyItsOwnScriptsWithAContentSecurityPolicy() throws Exception {
        assertThat(view.url()).startsWith("http://127.0.0.1:");
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(view.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(ViewServer.CONTENT_SECURITY_POLICY);
        assertThat(page.body()).contains("<script src=\"/view.js\"></script>").doesNotContain("http://", "https://");
        assertThat(browser.script("return Array.from(document.scripts).map(s => s.src);"))
                .isEqualTo(List.of(view.url() + "view.js"));
    }

    @Test
    void shouldShowTheNewestFrameOfACameraStreamingAtThirtyFramesPerSecond() throws Exception {
        int frames = 150;
        List<Face> faces = List.of(face(0, 0.9f, 0.1f, 0.1f, 0.3f, null), face(1, 0.8f, 0.55f, 0.2f, 0.3f, null));
        byte[] image = frame("stream", 0, 0, faces).getImage().array();
        long start = System.currentTimeMillis();
        for (int seq = 1; seq <= frames; seq++) {
            long capture = System.currentTimeMillis();
            Frame f = frame("stream", seq, capture, List.of());
            f.setImage(java.nio.ByteBuffer.wrap(image));
            producer.send(new ProducerRecord<>(TOPICS.frames(), "stream", FRAMES.encode(f)));
            producer.send(new ProducerRecord<>(TOPICS.detections(), "stream", DETECTIONS.encode(detection("stream", seq, capture, faces))));
            Thread.sleep(Math.max(0, start + seq * 1000L / 30 - System.currentTimeMillis()));
        }
        producer.flush();
        long sent = System.currentTimeMillis();
        awaitSequence("stream", frames);
        long shown = System.currentTimeMillis();

        assertThat(labels("stream")).containsExactly("mask 90%", "no-mask 80%");
        String metrics = metrics("stream");
        assertThat(metrics).contains("of " + frames + " detections");
        Figures.report("live view at 30 frames/s: %d frames sent in %d ms; newest shown %d ms after the last"
                + " was sent; page line: %s", frames, sent - start, shown - sent, metrics);
    }

    private static void awaitSequence(String camera, long sequence) {
        browser.waitUpTo(WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("article.camera[data-camera='" + camera + "'][data-sequence='" + sequence + "']")));
    }

    private static List<String> labels(String camera) {
        return browser.driver.findElements(By.cssSelector("article.camera[data-camera='" + camera + "'] text.face-label"))
                .stream().map(WebElement::getText).toList();
    }

    private static String metrics(String camera) {
        return browser.driver.findElement(By.cssSelector("article.camera[data-camera='" + camera + "'] .metrics")).getText();
    }

    private static String count(String kind) {
        List<WebElement> cells = browser.driver.findElements(By.cssSelector("#dead-letters tr[data-kind='" + kind + "'] td.count"));
        return cells.isEmpty() ? "" : cells.get(0).getText();
    }

    private static Properties clientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    private static void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.flush();
    }

    private static void sendAborted(byte[] detection) {
        Properties extra = new Properties();
        extra.put("transactional.id", "view-test-aborted");
        try (KafkaProducer<String, byte[]> transactional = producer(extra)) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(TOPICS.detections(), "ghost", detection));
            transactional.flush();
            transactional.abortTransaction();
        }
    }

    private static KafkaProducer<String, byte[]> producer(Properties extra) {
        Properties props = clientProperties();
        props.putAll(extra);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
