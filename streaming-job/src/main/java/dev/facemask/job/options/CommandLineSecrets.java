package dev.facemask.job.options;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Warns when a secret Kafka property ({@code sasl.jaas.config}, {@code ssl.keystore.password},
 * {@code ssl.key.password}, any key {@link KafkaClientProperties#isSecret} knows) arrives as
 * {@code --kafka-property KEY=VALUE}: every user of the machine sees a process's arguments in
 * {@code ps}, the shell keeps them in its history, and a deployed job's arguments show in Flink's web
 * UI. A properties file readable only by its owner, passed as {@code --kafka-properties FILE}, keeps
 * them out of all three.
 */
public final class CommandLineSecrets {

    private CommandLineSecrets() {}

    /** The secret keys among {@code keys}, in their order. */
    public static List<String> secretKeys(Collection<String> keys) {
        return keys.stream().filter(KafkaClientProperties::isSecret).distinct().toList();
    }

    /**
     * The warning to print for these {@code --kafka-property} keys, or empty when none is secret.
     * It names the keys, never their values.
     */
    public static Optional<String> warning(Collection<String> keys) {
        List<String> secrets = secretKeys(keys);
        if (secrets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warning: secret Kafka " + (secrets.size() == 1 ? "property " : "properties ")
                + String.join(", ", secrets) + " given with --kafka-property: command-line arguments are visible"
                + " to every user in `ps`, in the shell history and in Flink's web UI. Put secrets in a file only"
                + " you can read (chmod 600) and pass it with --kafka-properties FILE.");
    }

    /**
     * The keys of every {@code --kafka-property KEY=VALUE} and {@code --kafka-property=KEY=VALUE} in
     * raw arguments, for commands that pass job arguments on without parsing them.
     */
    public static List<String> kafkaPropertyKeys(List<String> args) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String pair = null;
            if (arg.equals("--kafka-property") && i + 1 < args.size()) {
                pair = args.get(++i);
            } else if (arg.startsWith("--kafka-property=")) {
                pair = arg.substring("--kafka-property=".length());
            }
            if (pair != null) {
                keys.add(pair.substring(0, Math.max(0, pair.indexOf('='))).strip());
            }
        }
        return keys;
    }
}
