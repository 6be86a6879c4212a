package dev.facemask.runtime.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/**
 * The few calls of Flink's REST API that the CLI needs, over {@code java.net.http}: cluster overview,
 * jar upload and run, job state. Every failure becomes a {@link FlinkRestException} that names the
 * URL and Flink's own error text.
 */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;

    /** @param base e.g. {@code http://127.0.0.1:8081} (a trailing slash is ignored) */
    public FlinkRestClient(URI base, Duration requestTimeout) {
        Objects.requireNonNull(base, "base");
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    public URI base() {
        return base;
    }

    /** {@code GET /overview}: TaskManagers and slots. */
    public ClusterOverview overview() {
        JsonNode node = send(get("/overview"));
        return new ClusterOverview(node.path("taskmanagers").asInt(), node.path("slots-total").asInt(),
                node.path("slots-available").asInt(), node.path("jobs-running").asInt(), node.path("flink-version").asText(""));
    }

    /** {@code GET /taskmanagers}: the resource ids of the registered TaskManagers. */
    public List<String> taskManagerIds() {
        JsonNode node = send(get("/taskmanagers"));
        return node.path("taskmanagers").findValuesAsText("id");
    }

    /** {@code POST /jars/upload} (multipart field {@code jarfile}); returns the jar id Flink assigned. */
    public String uploadJar(Path jar) {
        MultipartBody body = MultipartBody.ofJar("jarfile", jar);
        HttpRequest request = request("/jars/upload", Duration.ofMinutes(5))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build();
        JsonNode node = send(request);
        String fileName = node.path("filename").asText("");
        if (fileName.isEmpty()) {
            throw new FlinkRestException("Flink accepted the upload of " + jar + " but returned no file name: " + node);
        }
        // Flink answers with the stored path, e.g. /tmp/flink-web-upload/<uuid>_job.jar; the id is the file name.
        return Path.of(fileName).getFileName().toString();
    }

    /**
     * {@code POST /jars/<id>/run}; returns the job id.
     *
     * @param savepointPath a savepoint to start from, or null; state it does not map is refused
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, Integer parallelism,
            String savepointPath) {
        ObjectNode body = JSON.createObjectNode();
        body.put("entryClass", entryClass);
        body.putArray("programArgsList").addAll(programArgs.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (parallelism != null) {
            body.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", false);
        }
        HttpRequest request = request("/jars/" + jarId + "/run", Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        JsonNode node = send(request);
        String jobId = node.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new FlinkRestException("Flink ran jar " + jarId + " but returned no job id: " + node);
        }
        return jobId;
    }

    /**
     * {@code POST /jobs/<id>/stop}: takes a savepoint into {@code targetDirectory}, then stops the job
     * (sources first, so nothing is read after the savepoint). Returns the trigger id to poll with
     * {@link #savepointLocation}.
     */
    public String stopWithSavepoint(String jobId, String targetDirectory) {
        ObjectNode body = JSON.createObjectNode();
        body.put("targetDirectory", targetDirectory);
        body.put("drain", false);
        HttpRequest request = request("/jobs/" + jobId + "/stop", requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        JsonNode node = send(request);
        String trigger = node.path("request-id").asText("");
        if (trigger.isEmpty()) {
            throw new FlinkRestException("Flink accepted the stop of job " + jobId + " but returned no request id: " + node);
        }
        return trigger;
    }

    /**
     * {@code GET /jobs/<id>/savepoints/<trigger>}: the savepoint's location once it is complete, empty
     * while it is in progress.
     *
     * @throws FlinkRestException when the savepoint failed, quoting why
     */
    public Optional<String> savepointLocation(String jobId, String triggerId) {
        JsonNode node = send(get("/jobs/" + jobId + "/savepoints/" + triggerId));
        if (!"COMPLETED".equals(node.path("status").path("id").asText())) {
            return Optional.empty();
        }
        JsonNode operation = node.path("operation");
        if (operation.has("failure-cause")) {
            throw new FlinkRestException("savepoint of job " + jobId + " failed: "
                    + headAndDeepestCause(operation.path("failure-cause").path("stack-trace").asText("")));
        }
        return Optional.of(operation.path("location").asText());
    }

    /** {@code GET /jobs}: the ids of the jobs whose status is RUNNING. */
    public List<String> runningJobIds() {
        JsonNode node = send(get("/jobs"));
        List<String> ids = new ArrayList<>();
        for (JsonNode job : node.path("jobs")) {
            if ("RUNNING".equals(job.path("status").asText())) {
                ids.add(job.path("id").asText());
            }
        }
        return ids;
    }

    /** {@code GET /jobs/<id>}: the job state and whether every task is RUNNING. */
    public JobState jobState(String jobId) {
        JsonNode node = send(get("/jobs/" + jobId));
        boolean allRunning = node.path("vertices").size() > 0;
        for (JsonNode vertex : node.path("vertices")) {
            allRunning &= "RUNNING".equals(vertex.path("status").asText());
        }
        return new JobState(jobId, node.path("name").asText(""), node.path("state").asText("UNKNOWN"), allRunning);
    }

    /** The most recent exception of a job in one line: its head and its deepest cause, or an empty string. */
    public String lastFailure(String jobId) {
        JsonNode node = send(get("/jobs/" + jobId + "/exceptions"));
        JsonNode entries = node.path("exceptionHistory").path("entries");
        String trace = entries.size() > 0 ? entries.get(0).path("stacktrace").asText("") : node.path("root-exception").asText("");
        return headAndDeepestCause(trace);
    }

    private HttpRequest get(String path) {
        return request(path, requestTimeout).GET().build();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new FlinkRestException("Flink cluster at " + base + " is unreachable (" + e.getClass().getSimpleName()
                    + "): start it with `./detector stack up` or pass --cluster", e);
        } catch (IOException e) {
            throw new FlinkRestException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("interrupted while calling " + request.uri(), e);
        }
        JsonNode node = parse(request, response.body());
        if (response.statusCode() / 100 != 2) {
            throw new FlinkRestException(request.method() + " " + request.uri() + " answered HTTP " + response.statusCode()
                    + ": " + firstError(node, response.body()));
        }
        return node;
    }

    private static JsonNode parse(HttpRequest request, String body) {
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new FlinkRestException(request.uri() + " did not answer JSON (is this a Flink REST endpoint?): "
                    + body.lines().findFirst().orElse(""), e);
        }
    }

    /**
     * Flink puts errors in {@code {"errors": ["Internal server error.", "<stack trace>"]}}: the first line of
     * each, plus the deepest {@code Caused by:} line, say what failed without the whole trace.
     */
    static String firstError(JsonNode node, String raw) {
        JsonNode errors = node.path("errors");
        if (!errors.isArray() || errors.isEmpty()) {
            return raw.lines().findFirst().orElse("(empty body)");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode error : errors) {
            text.append(text.length() > 0 ? " | " : "").append(headAndDeepestCause(error.asText()));
        }
        return text.toString();
    }

    /** "Head | Caused by: deepest cause" of a Java stack trace, or just its head if nothing caused it. */
    static String headAndDeepestCause(String trace) {
        List<String> lines = trace.lines().map(String::strip).toList();
        String head = lines.isEmpty() ? "" : lines.get(0);
        String cause = lines.stream().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse("");
        return cause.isEmpty() ? head : head + " | " + cause;
    }

    /** What {@code /overview} reports. */
    public record ClusterOverview(int taskManagers, int slotsTotal, int slotsAvailable, int jobsRunning, String flinkVersion) {}

    /** A job's name, state ({@code CREATED}, {@code RUNNING}, {@code FAILED}, ...) and whether all its tasks run. */
    public record JobState(String jobId, String name, String state, boolean allTasksRunning) {
        public boolean isTerminal() {
            return List.of("FAILED", "CANCELED", "FINISHED", "SUSPENDED").contains(state);
        }
    }
}
