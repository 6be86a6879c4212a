package dev.facemask.cli.deploy;

import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A job that runs until cancelled, for deploy tests: {@code --name NAME} becomes the job name, which
 * proves that deploy passed the program arguments through. Packed into a jar by {@link TinyJobJars}.
 */
public final class TinyJob {
    private TinyJob() {}

    public static void main(String[] args) throws Exception {
        List<String> list = List.of(args);
        int at = list.indexOf("--name");
        if (at < 0 || at + 1 >= list.size()) {
            throw new IllegalArgumentException("TinyJob needs --name NAME, got " + list);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE).map(new Slow()).sinkTo(new DiscardingSink<>());
        env.execute(list.get(at + 1));
    }

    /** 100 records a second: enough to stay RUNNING without costing CPU. */
    public static final class Slow implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(10);
            return value;
        }
    }
}
