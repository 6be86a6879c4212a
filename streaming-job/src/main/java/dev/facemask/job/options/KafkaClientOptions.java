package dev.facemask.job.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options of every command that talks to a broker ({@code job}, {@code produce},
 * {@code consume}, {@code replay}, {@code view}): a picocli mixin, so that {@code --bootstrap} and the
 * pass-through client properties (SASL, SSL) read the same everywhere and secrets are masked the same.
 *
 * <pre>{@code
 * @Mixin KafkaClientOptions kafka = new KafkaClientOptions();
 * ...
 * kafka.secretsWarning().ifPresent(err::println);
 * try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.toProperties())) { ... }
 * }</pre>
 */
public final class KafkaClientOptions {

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(names = {"-b", "--bootstrap", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            defaultValue = DEFAULT_BOOTSTRAP, description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = DEFAULT_BOOTSTRAP;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE", converter = PairConverter.class,
            description = "Kafka client property passed through as is, e.g. security.protocol=SSL; repeatable,"
                    + " wins over --kafka-properties. Not for secrets (visible in ps): use --kafka-properties.")
    List<Map.Entry<String, String>> pairs = new ArrayList<>();

    @Option(names = "--kafka-properties", paramLabel = "FILE",
            description = "A .properties file of Kafka client properties (SASL, SSL...): the place for passwords"
                    + " and JAAS configurations.")
    Path propertiesFile;

    public String bootstrap() {
        return bootstrap;
    }

    public KafkaClientOptions withBootstrap(String servers) {
        this.bootstrap = servers;
        return this;
    }

    /** Whether any client property was given, in a file or as {@code --kafka-property}. */
    public boolean hasClientProperties() {
        return propertiesFile != null || !pairs.isEmpty();
    }

    /**
     * The client properties without the bootstrap servers: the file's, overridden by each
     * {@code --kafka-property}. Their {@code toString()} masks secrets.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    public KafkaClientProperties clientProperties() {
        Map<String, String> given = new LinkedHashMap<>();
        pairs.forEach(p -> given.put(p.getKey(), p.getValue()));
        KafkaClientProperties fromFile = propertiesFile == null
                ? KafkaClientProperties.NONE : KafkaClientProperties.fromFile(propertiesFile);
        return fromFile.with(given);
    }

    /** All client properties for a consumer or producer: {@link #clientProperties()} plus the bootstrap servers. */
    public Properties toProperties() {
        Properties props = clientProperties().toProperties();
        props.put("bootstrap.servers", bootstrap);
        return props;
    }

    /** The warning for secrets given as {@code --kafka-property}; see {@link CommandLineSecrets}. */
    public Optional<String> secretsWarning() {
        return CommandLineSecrets.warning(pairs.stream().map(Map.Entry::getKey).toList());
    }

    /** {@code KEY=VALUE} as {@link KafkaClientProperties#parsePair} reads it, a secret value masked in the error. */
    static final class PairConverter implements CommandLine.ITypeConverter<Map.Entry<String, String>> {
        @Override
        public Map.Entry<String, String> convert(String value) {
            try {
                return KafkaClientProperties.parsePair(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
