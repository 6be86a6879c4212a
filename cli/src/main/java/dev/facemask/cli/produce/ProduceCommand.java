package dev.facemask.cli.produce;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.cli.kafka.FramePublisher;
import dev.facemask.job.options.KafkaClientOptions;
import dev.facemask.job.options.JobOptions;
import dev.facemask.schema.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detector produce}: publishes camera frames from files, a folder, a glob, or MJPEG on stdin. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Publish camera frames to Kafka.",
            "Live camera: ffmpeg -i <camera or rtsp url> -f mjpeg - | ./detector produce --source -"})
public final class ProduceCommand implements Callable<Integer> {

    static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    KafkaClientOptions kafka = new KafkaClientOptions();

    @Option(names = {"-t", "--topic"}, defaultValue = JobOptions.DEFAULT_FRAMES_TOPIC, description = "Frames topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = {"-s", "--source"}, required = true, paramLabel = "PATH",
            description = "An image file, a folder, a glob such as 'data/obj/*.jpg', or - for an MJPEG stream on stdin.")
    String source;

    @Option(names = "--camera-id", defaultValue = "camera-1", description = "Camera id, the record key (default: ${DEFAULT-VALUE}).")
    String cameraId;

    @Option(names = "--fps", defaultValue = "0", description = "Frames per second; 0 sends as fast as possible (default).")
    double fps;

    @Option(names = "--loop", description = "Start over at the end of a file source, until --limit.")
    boolean loop;

    @Option(names = "--limit", defaultValue = "0", description = "Stop after N frames; 0 means no limit.")
    long limit;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (fps < 0 || limit < 0) {
            throw ExitException.usage("--fps and --limit must not be negative");
        }
        kafka.secretsWarning().ifPresent(spec.commandLine().getErr()::println);
        PrintWriter out = spec.commandLine().getOut();
        FrameSource frames = "-".equals(source) ? stdinSource() : fileSource(ImageSources.resolve(source));
        Pacer pacer = new Pacer(fps);
        ProgressLine progress = new ProgressLine(out);
        long sequence = 0;
        try (FramePublisher publisher = new FramePublisher(kafka.toProperties(), topic)) {
            Optional<SourceImage> next;
            while ((limit == 0 || sequence < limit) && (next = frames.next()).isPresent()) {
                pacer.awaitNext();
                publisher.send(toFrame(next.get(), sequence++));
                progress.update(sequence, publisher.bytes(), false);
            }
            publisher.flush();
            progress.update(publisher.sent(), publisher.bytes(), true);
        }
        out.printf("Sent %d frames to topic '%s' at %s%n", sequence, topic, kafka.bootstrap());
        return 0;
    }

    private Frame toFrame(SourceImage image, long sequence) {
        return Frame.newBuilder()
                .setCameraId(cameraId)
                .setSequence(sequence)
                .setCaptureTime(Instant.now())
                .setImage(ByteBuffer.wrap(image.bytes()))
                .setEncoding(image.encoding())
                .setSourceName(image.name())
                .build();
    }

    private FrameSource stdinSource() {
        InputStream stdin = System.in;
        MjpegStreamReader reader = new MjpegStreamReader(stdin, MAX_FRAME_BYTES);
        return reader::next;
    }

    private FrameSource fileSource(List<Path> files) {
        if (files.isEmpty()) {
            throw ExitException.usage("No JPEG or PNG files in " + source);
        }
        return new FrameSource() {
            private int index;

            @Override
            public Optional<SourceImage> next() throws IOException {
                if (index == files.size()) {
                    if (!loop) {
                        return Optional.empty();
                    }
                    index = 0;
                }
                Path file = files.get(index++);
                byte[] bytes = Files.readAllBytes(file);
                return Optional.of(new SourceImage(file.getFileName().toString(), bytes, SourceImage.sniff(bytes)));
            }
        };
    }

    /** A pull source of images; empty at its end. */
    interface FrameSource {
        Optional<SourceImage> next() throws IOException;
    }
}
