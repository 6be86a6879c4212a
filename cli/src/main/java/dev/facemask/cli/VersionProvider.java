package dev.facemask.cli;

import picocli.CommandLine.IVersionProvider;

/** Versions of the detector and of the engines it runs on. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String own = DetectorCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "detector " + (own == null ? "0.1.0-SNAPSHOT" : own),
            "Flink 2.2.1, Kafka 4.2.0, DJL 0.36.0, TensorFlow 2.16.1 (TF-Java 1.0.0-rc.1), Java " + Runtime.version()
        };
    }
}
