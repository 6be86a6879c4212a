package dev.facemask.job.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A key store and a trust store made for one test run with the JDK's {@code keytool}: one RSA 2048
 * key pair for {@code CN=localhost} with {@code SAN=DNS:localhost,IP:127.0.0.1}, self-signed, which
 * the broker presents and the test's clients present back (the broker requires client
 * certificates), and a trust store holding its certificate. Passwords are random per run, so a test
 * can search logs for them.
 */
public final class TestTlsStores {

    private static final String ALIAS = "localhost";

    private final Path keyStore;
    private final Path trustStore;
    private final String keyStorePassword;
    private final String trustStorePassword;

    private TestTlsStores(Path keyStore, Path trustStore, String keyStorePassword, String trustStorePassword) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
        this.keyStorePassword = keyStorePassword;
        this.trustStorePassword = trustStorePassword;
    }

    /** Runs keytool three times (about 1-3 s): key pair, certificate export, trust-store import. */
    public static TestTlsStores generate(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("localhost.p12");
        Path trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("localhost.pem");
        String keyPassword = "ks-" + UUID.randomUUID();
        String trustPassword = "ts-" + UUID.randomUUID();
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=DNS:localhost,IP:127.0.0.1",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", keyPassword, "-keypass", keyPassword); // PKCS12: key and store share a password
        keytool("-exportcert", "-alias", ALIAS, "-rfc", "-file", certificate.toString(),
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", keyPassword);
        keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", trustPassword);
        return new TestTlsStores(keyStore, trustStore, keyPassword, trustPassword);
    }

    /**
     * Broker settings for the test kit: its client listener ({@code EXTERNAL}, also the
     * inter-broker one) on TLS, the controller listener left in plain text, client certificates required.
     */
    public Map<String, String> brokerProperties() {
        return Map.ofEntries(
                Map.entry("listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT"),
                Map.entry("ssl.client.auth", "required"),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.keystore.location", keyStore.toString()),
                Map.entry("ssl.keystore.password", keyStorePassword),
                Map.entry("ssl.key.password", keyStorePassword),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", trustStore.toString()),
                Map.entry("ssl.truststore.password", trustStorePassword));
    }

    /** What a client with credentials passes: {@code security.protocol=SSL} and both stores. */
    public Map<String, String> clientProperties() {
        return Map.of(
                "security.protocol", "SSL",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", keyStore.toString(),
                "ssl.keystore.password", keyStorePassword,
                "ssl.key.password", keyStorePassword,
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", trustStore.toString(),
                "ssl.truststore.password", trustStorePassword);
    }

    /** The passwords, to search logs and output for. */
    public List<String> secrets() {
        return List.of(keyStorePassword, trustStorePassword);
    }

    @Override
    public String toString() {
        return "TestTlsStores[" + keyStore + ", " + trustStore + "]";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
