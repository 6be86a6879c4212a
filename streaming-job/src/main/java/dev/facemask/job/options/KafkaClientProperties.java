package dev.facemask.job.options;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Extra Kafka client settings passed through to every consumer and producer of the job, such as
 * security settings. Secrets are never printed: {@link #toString()} masks the value of every key
 * that {@link #isSecret} recognises.
 */
public record KafkaClientProperties(Map<String, String> values) implements Serializable {

    public static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());
    private static final String MASK = "******";

    public KafkaClientProperties {
        values = Map.copyOf(values);
    }

    /** Reads a Java properties file, such as a {@code client.properties} with SASL settings. */
    public static KafkaClientProperties fromFile(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read Kafka properties file " + file.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
        Map<String, String> map = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return new KafkaClientProperties(map);
    }

    /**
     * Parses one {@code key=value} pair as given on the command line.
     *
     * @throws IllegalArgumentException when there is no {@code =} or the key is empty
     */
    public static Map.Entry<String, String> parsePair(String pair) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("Kafka property '" + mask(pair) + "' is not key=value");
        }
        return Map.entry(pair.substring(0, eq).trim(), pair.substring(eq + 1));
    }

    /** These settings, overridden by {@code other}'s where both name a key. */
    public KafkaClientProperties with(Map<String, String> other) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(other);
        return new KafkaClientProperties(merged);
    }

    public Properties toProperties() {
        Properties props = new Properties();
        props.putAll(values);
        return props;
    }

    /** Passwords, JAAS configurations (which embed passwords), keys, secrets and tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("jaas")
                || k.endsWith(".key") || k.contains("credential");
    }

    /**
     * {@code text} with the value of every secret {@code key=value} found in {@code args} masked, for
     * messages that quote the command line back, such as picocli's "Unmatched argument 'x'". Handles
     * {@code --kafka-property=key=value} too.
     */
    public static String maskSecrets(String text, List<String> args) {
        String masked = text;
        for (String arg : args) {
            int keyStart = 0;
            for (int eq = arg.indexOf('='); eq > 0; eq = arg.indexOf('=', eq + 1)) {
                String value = arg.substring(eq + 1);
                if (isSecret(arg.substring(keyStart, eq)) && !value.isEmpty()) {
                    masked = masked.replace(value, MASK);
                    break;
                }
                keyStart = eq + 1;
            }
        }
        return masked;
    }

    @Override
    public String toString() {
        return new TreeMap<>(values).entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? MASK : e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String mask(String pair) {
        return isSecret(pair) ? pair.substring(0, Math.max(0, pair.indexOf('='))) + "=" + MASK : pair;
    }
}
