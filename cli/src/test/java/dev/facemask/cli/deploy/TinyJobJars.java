package dev.facemask.cli.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes {@link TinyJob} and its map function into a job jar, as the shade plugin would for a real job. */
public final class TinyJobJars {
    /** The job jar's main class, for {@code --entry-class}. */
    public static final String ENTRY_CLASS = TinyJob.class.getName();

    private TinyJobJars() {}

    /** Writes {@code tiny-job.jar} into {@code dir}. */
    public static Path write(Path dir) throws IOException {
        Path jar = dir.resolve("tiny-job.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : new Class<?>[] {TinyJob.class, TinyJob.Slow.class}) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
