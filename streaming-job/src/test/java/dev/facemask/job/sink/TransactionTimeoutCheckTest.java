package dev.facemask.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.job.options.JobOptions;
import dev.facemask.job.options.KafkaClientProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

class TransactionTimeoutCheckTest {

    private static JobOptions.Builder options() {
        return JobOptions.builder().bootstrapServers("127.0.0.1:9092").modelDir(Path.of("m"));
    }

    private static Configuration fixedDelay(int attempts, Duration delay) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, delay);
        return conf;
    }

    @Test
    void shouldStayQuietWithTheDefaultsAndTheirFifteenMinuteTimeout() {
        TransactionTimeoutCheck check = TransactionTimeoutCheck.of(options().build(), new Configuration());

        assertThat(check).isEqualTo(new TransactionTimeoutCheck(Duration.ofMinutes(15), Duration.ofSeconds(10),
                Duration.ZERO));
        assertThat(check.warning()).isEmpty();
    }

    @Test
    void shouldWarnWhenCheckpointIntervalAndRestartDelaysReachHalfTheTimeout() {
        JobOptions options = options().checkpointInterval(Duration.ofMinutes(2)).build();

        TransactionTimeoutCheck check = TransactionTimeoutCheck.of(options, fixedDelay(10, Duration.ofSeconds(33)));

        assertThat(check.restartDelays()).isEqualTo(Duration.ofSeconds(330));
        assertThat(check.warning()).contains("Checkpoint interval 120000 ms + restart delays 330000 ms reach half of"
                + " transaction.timeout.ms 900000 ms: a job down longer than the timeout loses the results of its last"
                + " checkpoint interval without failing. Shorten --checkpoint-interval-ms or the restart delays, or"
                + " raise transaction.timeout.ms (up to the broker's transaction.max.timeout.ms) with --kafka-property.");
    }

    @Test
    void shouldStayQuietJustBelowHalfTheTimeout() {
        JobOptions options = options().checkpointInterval(Duration.ofMinutes(2)).build();

        assertThat(TransactionTimeoutCheck.of(options, fixedDelay(10, Duration.ofSeconds(32))).warning()).isEmpty();
    }

    @Test
    void shouldUseAConfiguredTransactionTimeoutAndTheLongestExponentialBackoff() {
        JobOptions options = options().kafkaProperties(new KafkaClientProperties(
                Map.of("transaction.timeout.ms", "60000"))).build();
        Configuration exponential = new Configuration();
        exponential.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        exponential.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(20));

        TransactionTimeoutCheck check = TransactionTimeoutCheck.of(options, exponential);

        assertThat(check).isEqualTo(new TransactionTimeoutCheck(Duration.ofSeconds(60), Duration.ofSeconds(10),
                Duration.ofSeconds(20)));
        assertThat(check.tooClose()).isTrue();
    }
}
