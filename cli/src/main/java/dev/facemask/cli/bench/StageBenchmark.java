package dev.facemask.cli.bench;

import dev.facemask.inference.Prediction;
import dev.facemask.inference.SavedModelPredictor;
import dev.facemask.inference.SharedModel;
import dev.facemask.job.decode.DecodedImage;
import dev.facemask.job.decode.ImageLimits;
import dev.facemask.job.decode.ImagePreparer;
import dev.facemask.job.decode.PreparedFrame;
import dev.facemask.job.decode.SafeImageDecoder;
import dev.facemask.job.inference.DetectionFactory;
import dev.facemask.job.sink.CameraKeyedSerializer;
import dev.facemask.kafka.embedded.EmbeddedKafka;
import dev.facemask.schema.Detection;
import dev.facemask.schema.Frame;
import dev.facemask.schema.ImageEncoding;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.FrameSchemas;
import dev.facemask.vision.preprocess.PreparedImage;
import dev.facemask.vision.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Times each stage of the detection job on one frame after another, in one thread, with the job's
 * own classes: Avro parse, JPEG decode, resize and pad, the copy into the model's input, the model
 * (per frame at the batch size), detection building, the sink's Avro encoding, and the produce to
 * an in-process broker. The frames are {@link BenchFrames}, single-object encoded as a producer
 * sends them.
 *
 * <p>The copy into the model's input happens inside {@code predict}; it is timed alone through
 * {@link SavedModelPredictor#copyInput} on the same batch, and the model's figure is the
 * {@code predict} call minus that copy.
 */
final class StageBenchmark {

    private static final String TOPIC = "bench-stages-detections";

    private final Path model;
    private final int batch;
    private final FrameSize frameSize;

    StageBenchmark(Path model, int batch, FrameSize frameSize) {
        this.model = model;
        this.batch = batch;
        this.frameSize = frameSize;
    }

    /**
     * Runs {@code warmupBatches} untimed batches, then {@code batches} timed ones.
     *
     * @return each stage's milliseconds per timed frame, in frame order
     */
    Map<PipelineStage, double[]> run(int warmupBatches, int batches) throws Exception {
        List<byte[]> values = encodedFrames(Math.min(64, (warmupBatches + batches) * batch));
        Samples samples = new Samples(batches * batch);
        try (SharedModel.Lease lease = SharedModel.acquire(model); EmbeddedKafka kafka = QuietConsole.startKafka();
                KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
            kafka.createTopics(1, TOPIC);
            Pipeline pipeline = new Pipeline(lease.model(), producer);
            for (int b = 0; b < warmupBatches + batches; b++) {
                Samples into = b < warmupBatches ? new Samples(batch) : samples;
                pipeline.runBatch(values, b * batch, into);
            }
        }
        return samples.byStage;
    }

    /** Distinct frames as the job reads them from Kafka: Avro single-object encoded, JPEG inside. */
    private List<byte[]> encodedFrames(int count) throws Exception {
        AvroWire<Frame> wire = AvroWire.of(Frame.getClassSchema());
        List<byte[]> out = new ArrayList<>(count);
        List<byte[]> jpegs = BenchFrames.jpegs(count, frameSize);
        for (int i = 0; i < jpegs.size(); i++) {
            out.add(wire.encode(Frame.newBuilder().setCameraId("bench-stages").setSequence(i)
                    .setCaptureTime(Instant.now()).setImage(ByteBuffer.wrap(jpegs.get(i)))
                    .setEncoding(ImageEncoding.JPEG).setWidth(frameSize.width()).setHeight(frameSize.height()).build()));
        }
        return out;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafka kafka) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Milliseconds per frame of each stage, filled frame by frame. */
    private static final class Samples {
        private final Map<PipelineStage, double[]> byStage = new EnumMap<>(PipelineStage.class);
        private int next;

        Samples(int frames) {
            for (PipelineStage stage : PipelineStage.values()) {
                byStage.put(stage, new double[frames]);
            }
        }

        /** Records {@code millis} for frame {@code next + offset} of the current batch. */
        void put(PipelineStage stage, int offset, double millis) {
            byStage.get(stage)[next + offset] = millis;
        }

        void endBatch(int frames) {
            next += frames;
        }
    }

    /** The job's stage objects, built once as the operators' {@code open()} builds them. */
    private final class Pipeline {
        private final SavedModelPredictor predictor;
        private final KafkaProducer<byte[], byte[]> producer;
        private final AvroWire<Frame> frameReader = FrameSchemas.reader(List.of());
        private final SafeImageDecoder decoder = new SafeImageDecoder(ImageLimits.DEFAULT);
        private final Preprocessor preprocessor;
        private final DetectionFactory detections;
        private final CameraKeyedSerializer<Detection> serializer =
                new CameraKeyedSerializer<>(TOPIC, Detection.class, Detection::getCameraId);

        Pipeline(SavedModelPredictor predictor, KafkaProducer<byte[], byte[]> producer) {
            this.predictor = predictor;
            this.producer = producer;
            this.preprocessor = predictor.metadata().preprocessor();
            this.detections = new DetectionFactory(predictor.metadata());
        }

        void runBatch(List<byte[]> values, int firstFrame, Samples samples) throws Exception {
            List<PreparedFrame> frames = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                frames.add(prepare(values.get((firstFrame + k) % values.size()), k, samples));
            }
            List<PreparedImage> images = frames.stream().map(PreparedFrame::toPreparedImage).toList();
            long start = System.nanoTime();
            predictor.copyInput(images);
            double copy = millisSince(start) / batch;
            start = System.nanoTime();
            List<Prediction> predictions = predictor.predict(images, false);
            double predict = millisSince(start);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                samples.put(PipelineStage.COPY, k, copy);
                samples.put(PipelineStage.MODEL, k, predict / batch - copy);
                records.add(encode(detect(frames.get(k), predictions.get(k), (float) predict, k, samples), k, samples));
            }
            produce(records, samples);
            samples.endBatch(batch);
        }

        /** Parse, decode, resize and pad: the task thread's work before the model, as ImagePreparer does it. */
        private PreparedFrame prepare(byte[] value, int k, Samples samples) throws Exception {
            long start = System.nanoTime();
            Frame frame = frameReader.decode(value);
            samples.put(PipelineStage.PARSE, k, millisSince(start));
            start = System.nanoTime();
            byte[] image = ImagePreparer.bytesOf(frame.getImage());
            DecodedImage decoded = decoder.decode(image, preprocessor.inputSize());
            samples.put(PipelineStage.DECODE, k, millisSince(start));
            start = System.nanoTime();
            try (decoded) {
                PreparedFrame prepared = ImagePreparer.toPrepared(frame, image, preprocessor.prepare(decoded.forModel()));
                samples.put(PipelineStage.RESIZE, k, millisSince(start));
                return prepared;
            }
        }

        private Detection detect(PreparedFrame frame, Prediction prediction, float batchMillis, int k, Samples samples) {
            long start = System.nanoTime();
            Detection d = detections.create(frame, prediction, batchMillis, batch);
            samples.put(PipelineStage.DETECTIONS, k, millisSince(start));
            return d;
        }

        private ProducerRecord<byte[], byte[]> encode(Detection detection, int k, Samples samples) {
            long start = System.nanoTime();
            ProducerRecord<byte[], byte[]> r = serializer.serialize(detection, null,
                    detection.getCaptureTime().toEpochMilli());
            samples.put(PipelineStage.ENCODE, k, millisSince(start));
            return r;
        }

        /** Sends the batch's records and waits for the broker's acks (flush): one figure per batch, per frame. */
        private void produce(List<ProducerRecord<byte[], byte[]>> records, Samples samples) throws Exception {
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>(records.size());
            records.forEach(r -> acks.add(producer.send(r)));
            producer.flush();
            double perFrame = millisSince(start) / records.size();
            for (Future<?> ack : acks) {
                ack.get(); // a failed send fails the run
            }
            for (int k = 0; k < records.size(); k++) {
                samples.put(PipelineStage.PRODUCE, k, perFrame);
            }
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
