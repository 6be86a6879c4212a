package dev.facemask.cli.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/** Reads the repository's compose file, Dockerfiles and poms for the static container checks. */
final class RepositoryFiles {
    private RepositoryFiles() {}

    /** The repository root: the nearest folder up from the working directory that holds docker-compose.yml. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("cli"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static Map<String, Object> compose() {
        try {
            return new Yaml().load(Files.readString(root().resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service(String name) {
        Map<String, Object> services = (Map<String, Object>) compose().get("services");
        Object service = services.get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service '" + name + "', only " + services.keySet());
        }
        return (Map<String, Object>) service;
    }

    @SuppressWarnings("unchecked")
    static List<String> command(String service) {
        return ((List<Object>) service(service).get("command")).stream().map(String::valueOf).toList();
    }

    static String read(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every match of group 1 of {@code regex} in a text, in order. */
    static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** A module's {@code <tag>} value (first element of that name under project), e.g. artifactId. */
    static String pomValue(String module, String tag) {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(root().resolve(module).resolve("pom.xml").toFile());
            Element project = pom.getDocumentElement();
            for (org.w3c.dom.Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(tag)) {
                    return e.getTextContent().strip();
                }
            }
            return ((Element) project.getElementsByTagName(tag).item(0)).getTextContent().strip();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read <" + tag + "> of " + module + "/pom.xml: " + e.getMessage(), e);
        }
    }
}
