package dev.facemask.cli.schema;

import dev.facemask.schema.codec.AvroWire;
import dev.facemask.schema.codec.SchemaCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector schema}: what a client in another language needs to read and write the topics.
 * For each record schema it prints the Parsing Canonical Form, the CRC-64-AVRO fingerprint and the
 * 10-byte single-object header; {@code --write-avsc DIR} writes one self-contained {@code .avsc}
 * per record, every named type it uses defined inline, so each file parses on its own.
 */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Print each Avro schema's Parsing Canonical Form, CRC-64-AVRO fingerprint and single-object header; "
            + "optionally write self-contained .avsc files (one per record, every named type inlined) for other languages."})
public final class SchemaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--write-avsc", paramLabel = "DIR", description = "Also write <Record>.avsc files into DIR.")
    Path avscDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        for (Schema schema : SchemaCatalog.records()) {
            out.println(schema.getFullName());
            out.printf(Locale.ROOT, "  fingerprint  %016x (CRC-64-AVRO of the canonical form, as a signed long %d)%n",
                    AvroWire.fingerprint(schema), AvroWire.fingerprint(schema));
            out.println("  header       " + SchemaCatalog.hex(SchemaCatalog.header(schema))
                    + "  (C3 01, then the fingerprint little-endian)");
            out.println("  canonical    " + SchemaCatalog.canonicalForm(schema));
        }
        if (avscDir != null) {
            Files.createDirectories(avscDir);
            for (Schema schema : SchemaCatalog.records()) {
                // toString inlines each named type at its first use: the file needs no other file.
                Path file = avscDir.resolve(schema.getName() + ".avsc");
                Files.writeString(file, schema.toString(true) + "\n", StandardCharsets.UTF_8);
                out.println("wrote " + file);
            }
        }
        out.flush();
        return 0;
    }
}
