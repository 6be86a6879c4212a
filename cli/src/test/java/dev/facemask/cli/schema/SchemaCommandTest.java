package dev.facemask.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facemask.cli.CliResult;
import dev.facemask.schema.Frame;
import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.SchemaCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandTest {

    @Test
    void shouldPrintEachSchemasCanonicalFormFingerprintAndHeader() {
        CliResult r = CliResult.run("schema");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("dev.facemask.schema.")))
                .containsExactly("dev.facemask.schema.Frame", "dev.facemask.schema.Detection", "dev.facemask.schema.DeadLetter",
                        "dev.facemask.schema.Face", "dev.facemask.schema.Box", "dev.facemask.schema.GradCam");
        Schema frame = Frame.getClassSchema();
        assertThat(r.out()).contains("  fingerprint  " + String.format("%016x", AvroWire.fingerprint(frame)))
                .contains("  header       " + SchemaCatalog.hex(SchemaCatalog.header(frame)))
                .contains("  canonical    " + SchemaCatalog.canonicalForm(frame));
    }

    @Test
    void shouldWriteSelfContainedAvscFilesThatParseAloneToTheSameFingerprint(@TempDir Path dir) throws Exception {
        CliResult r = CliResult.run("schema", "--write-avsc", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "Box.avsc", "DeadLetter.avsc", "Detection.avsc", "Face.avsc", "Frame.avsc", "GradCam.avsc");
        }
        for (Schema expected : SchemaCatalog.records()) {
            // A fresh parser per file: Frame.avsc must not lean on Box.avsc having been parsed first.
            Schema parsed = new Schema.Parser().parse(dir.resolve(expected.getName() + ".avsc").toFile());
            assertThat(AvroWire.fingerprint(parsed)).as(expected.getName()).isEqualTo(AvroWire.fingerprint(expected));
            assertThat(parsed.getDoc()).isEqualTo(expected.getDoc());
        }
        Schema detection = new Schema.Parser().parse(dir.resolve("Detection.avsc").toFile());
        assertThat(detection.getField("faces").schema().getElementType().getField("box").schema().getFullName())
                .isEqualTo("dev.facemask.schema.Box");
        assertThat(detection.getField("captureTime").schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
    }

    @Test
    void shouldFindTheCurrentFingerprintsInTheReadme() throws Exception {
        // Surefire runs in the module folder; the README is the repository's.
        String readme = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("README.md"));

        for (Schema schema : SchemaCatalog.records()) {
            assertThat(readme).as("README row of " + schema.getFullName()).contains("| `" + schema.getFullName() + "` | `"
                    + String.format("%016x", AvroWire.fingerprint(schema)) + "` | `" + SchemaCatalog.hex(SchemaCatalog.header(schema))
                    + "` |");
        }
    }
}
