package dev.facemask.cli.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/** Reads the YAML under {@code deploy/k8s} and walks its nested maps for the static manifest checks. */
final class KubernetesManifests {

    static final Path DIR = Path.of("deploy", "k8s");

    private KubernetesManifests() {}

    /** Every {@code .yaml} or {@code .yml} file under deploy/k8s, relative to it, sorted. */
    static List<Path> files() {
        Path dir = RepositoryFiles.root().resolve(DIR);
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .map(dir::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one file (a file may hold several, separated by {@code ---}). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path relative) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(RepositoryFiles.read(DIR.resolve(relative).toString()))) {
            if (!(doc instanceof Map)) {
                throw new AssertionError(relative + " holds a document that is not a mapping: " + doc);
            }
            docs.add((Map<String, Object>) doc);
        }
        return docs;
    }

    /** The single document of a file. */
    static Map<String, Object> document(String relative) {
        List<Map<String, Object>> docs = documents(Path.of(relative));
        if (docs.size() != 1) {
            throw new AssertionError(relative + " holds " + docs.size() + " documents, expected 1");
        }
        return docs.get(0);
    }

    /** The value at a dotted path of map keys ({@code spec.job.entryClass}); fails naming the missing key. */
    static Object at(Map<String, Object> doc, String path) {
        Object node = doc;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("missing '" + key + "' of " + path);
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> doc, String path) {
        return (Map<String, Object>) at(doc, path);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> doc, String path) {
        return (List<Map<String, Object>>) at(doc, path);
    }

    static String string(Map<String, Object> doc, String path) {
        return (String) at(doc, path);
    }

    /** The element of a list of maps whose {@code name} is {@code name}. */
    static Map<String, Object> named(List<Map<String, Object>> items, String name) {
        return items.stream().filter(i -> name.equals(i.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no item named '" + name + "' in " + items));
    }
}
