package dev.facemask.cli.kafka;

import dev.facemask.job.options.CommandLineSecrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Kafka connection options shared by every command that talks to a broker: a picocli mixin, so
 * {@code --bootstrap} and pass-through client properties (SASL, SSL) read the same everywhere.
 */
public final class KafkaClientOptions {

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    @Option(names = {"-b", "--bootstrap"}, paramLabel = "HOST:PORT", defaultValue = DEFAULT_BOOTSTRAP,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap = DEFAULT_BOOTSTRAP;

    @Option(names = "--kafka-property", paramLabel = "KEY=VALUE",
            description = "Kafka client property passed through as is, e.g. security.protocol=SSL. Repeatable."
                    + " Not for secrets (visible in ps): use --kafka-properties.")
    Map<String, String> properties = new LinkedHashMap<>();

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

    /** The warning for secrets given as {@code --kafka-property}; see {@link CommandLineSecrets}. */
    public Optional<String> secretsWarning() {
        return CommandLineSecrets.warning(properties.keySet());
    }

    /** All client properties: the file first, then {@code --kafka-property}, then the bootstrap servers. */
    public Properties toProperties() {
        Properties props = new Properties();
        if (propertiesFile != null) {
            try (Reader in = Files.newBufferedReader(propertiesFile)) {
                props.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read Kafka properties file " + propertiesFile + ": " + e.getMessage(), e);
            }
        }
        props.putAll(properties);
        props.put("bootstrap.servers", bootstrap);
        return props;
    }
}
