package dev.facemask.cli.bench;

/**
 * The per-frame stages of the detection job, in the order a frame meets them, with the job class
 * that does the work and the thread it runs on in the job.
 */
enum PipelineStage {

    PARSE("Avro parse", "FrameParser's AvroWire reader", false),
    DECODE("JPEG decode", "SafeImageDecoder.decode", false),
    RESIZE("resize and pad", "Preprocessor.prepare (ImagePreparer)", false),
    COPY("copy into the model input", "SavedModelPredictor.copyInput: stack + NDArray", true),
    MODEL("model", "SavedModelPredictor.predict minus the copy", true),
    DETECTIONS("detection building", "DetectionFactory.create", true),
    ENCODE("Avro encode", "CameraKeyedSerializer (the sink's)", false),
    PRODUCE("Kafka produce", "KafkaProducer.send + flush, acks=all", false);

    private final String label;
    private final String jobClass;
    private final boolean onBatcherThread;

    PipelineStage(String label, String jobClass, boolean onBatcherThread) {
        this.label = label;
        this.jobClass = jobClass;
        this.onBatcherThread = onBatcherThread;
    }

    String label() {
        return label;
    }

    String jobClass() {
        return jobClass;
    }

    /**
     * Whether the job runs this stage on the micro-batcher's thread, inside {@code FrameInference.run},
     * so each batch waits for it; the others run on Flink's task threads (and Kafka's sender thread)
     * and can overlap the model.
     */
    boolean onBatcherThread() {
        return onBatcherThread;
    }

    /** Could this stage run while the model runs? The model itself is not "parallel with inference". */
    boolean parallelWithInference() {
        return !onBatcherThread;
    }

    /** Where the job runs this stage, for the table. */
    String thread() {
        if (this == MODEL) {
            return "micro-batcher thread";
        }
        return onBatcherThread ? "micro-batcher thread: serial with the model" : "task thread: can overlap the model";
    }
}
