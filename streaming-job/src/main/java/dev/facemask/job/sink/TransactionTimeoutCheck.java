package dev.facemask.job.sink;

import dev.facemask.job.options.JobOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;

/**
 * Warns at job start when a checkpoint interval plus the restart delays come close to Kafka's
 * {@code transaction.timeout.ms}.
 *
 * <p>Why: with {@code EXACTLY_ONCE} the sinks write each checkpoint interval's results in a Kafka
 * transaction that is committed only after the checkpoint completes. When the job fails between the
 * two, the restarted job commits it from the checkpoint. If the broker has aborted the transaction
 * first, because more than {@code transaction.timeout.ms} passed since it began, the commit fails,
 * the connector logs the error and moves on, and the source resumes after those frames: that
 * interval's detections and dead letters are lost, and nothing fails. The margin asked for here
 * is half the timeout, since the restart delays are a lower bound on the real downtime (the
 * TaskManager must also come back, and the job must restore).
 *
 * <pre>{@code
 * TransactionTimeoutCheck.of(options, env.getConfiguration()).warning().ifPresent(LOG::warn);
 * }</pre>
 *
 * @param transactionTimeout the sinks' {@code transaction.timeout.ms}
 * @param checkpointInterval time from a transaction's start to the checkpoint that ends it
 * @param restartDelays the longest the configured restart strategy waits before the job runs again
 */
public record TransactionTimeoutCheck(Duration transactionTimeout, Duration checkpointInterval, Duration restartDelays) {

    public TransactionTimeoutCheck {
        Objects.requireNonNull(transactionTimeout, "transactionTimeout");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(restartDelays, "restartDelays");
    }

    /** The check for these job options and the restart strategy in {@code flinkConfig}. */
    public static TransactionTimeoutCheck of(JobOptions options, ReadableConfig flinkConfig) {
        String configured = options.kafkaProperties().values().get("transaction.timeout.ms");
        Duration timeout = Duration.ofMillis(Long.parseLong(configured != null ? configured.strip()
                : KafkaSinks.TRANSACTION_TIMEOUT_MS));
        return new TransactionTimeoutCheck(timeout, options.checkpointInterval(), restartDelays(flinkConfig));
    }

    /**
     * The total wait of the configured restart strategy: attempts x delay for {@code fixed-delay},
     * the longest backoff for {@code exponential-delay}, the delay for {@code failure-rate}, zero for
     * none or when it is not set here (a session cluster's own strategy is not visible to the job).
     */
    static Duration restartDelays(ReadableConfig conf) {
        String type = conf.getOptional(RestartStrategyOptions.RESTART_STRATEGY).orElse("").toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "fixed-delay", "fixeddelay" -> conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY)
                    .multipliedBy(conf.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS));
            case "exponential-delay", "exponentialdelay" ->
                    conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF);
            case "failure-rate", "failurerate" -> conf.get(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY);
            default -> Duration.ZERO;
        };
    }

    /** Whether a checkpoint interval plus the restart delays reach half the transaction timeout. */
    public boolean tooClose() {
        return checkpointInterval.plus(restartDelays).multipliedBy(2).compareTo(transactionTimeout) >= 0;
    }

    /** The warning to log at start, or empty when there is margin. */
    public Optional<String> warning() {
        if (!tooClose()) {
            return Optional.empty();
        }
        return Optional.of("Checkpoint interval " + checkpointInterval.toMillis() + " ms + restart delays "
                + restartDelays.toMillis() + " ms reach half of transaction.timeout.ms " + transactionTimeout.toMillis()
                + " ms: a job down longer than the timeout loses the results of its last checkpoint interval without"
                + " failing. Shorten --checkpoint-interval-ms or the restart delays, or raise transaction.timeout.ms"
                + " (up to the broker's transaction.max.timeout.ms) with --kafka-property.");
    }
}
