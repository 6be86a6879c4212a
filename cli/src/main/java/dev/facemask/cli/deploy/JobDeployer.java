package dev.facemask.cli.deploy;

import dev.facemask.runtime.flink.FlinkRestClient.JobState;
import dev.facemask.runtime.flink.FlinkRestClient;
import dev.facemask.runtime.flink.FlinkRestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Submits a job jar to a Flink session cluster through its REST API and, on request, waits until
 * every task of the job runs. The CLI's {@code deploy} command and the end-to-end tests share it.
 */
public final class JobDeployer {

    private final FlinkRestClient rest;

    public JobDeployer(FlinkRestClient rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    /** Uploads the jar and runs it; returns the job id. Fails fast if the cluster does not answer. */
    public Deployment deploy(DeployRequest request) {
        rest.overview(); // a clear "unreachable" before a slow upload
        String jarId = rest.uploadJar(request.jar());
        String jobId = rest.runJar(jarId, request.entryClass(), request.programArgs(), null, request.savepoint());
        return new Deployment(jarId, jobId);
    }

    /**
     * Polls {@code /jobs/<id>} until the job and all its tasks are RUNNING.
     *
     * @throws FlinkRestException if the job ends (FAILED, FINISHED, ...) or restarts first, quoting its last
     *     exception, or if {@code timeout} passes
     */
    public JobState awaitRunning(String jobId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JobState state = rest.jobState(jobId);
        while (!("RUNNING".equals(state.state()) && state.allTasksRunning())) {
            // A job that restarts before it ever ran is broken (missing topic, bad model), not slow.
            if (state.isTerminal() || List.of("RESTARTING", "FAILING").contains(state.state())) {
                throw new FlinkRestException("job " + jobId + " is " + state.state() + " instead of RUNNING: "
                        + rest.lastFailure(jobId));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new FlinkRestException("job " + jobId + " is still " + state.state() + " (tasks running: "
                        + state.allTasksRunning() + ") after " + timeout.toSeconds() + " s; see " + rest.base() + "/#/job/" + jobId);
            }
            pause();
            state = rest.jobState(jobId);
        }
        return state;
    }

    /**
     * Stops a job with a savepoint into {@code directory} and waits for it; returns the savepoint's
     * location, for {@code deploy --from-savepoint}.
     *
     * @throws FlinkRestException if the savepoint fails or {@code timeout} passes
     */
    public String stopWithSavepoint(String jobId, String directory, Duration timeout) {
        String trigger = rest.stopWithSavepoint(jobId, directory);
        Instant deadline = Instant.now().plus(timeout);
        Optional<String> location = rest.savepointLocation(jobId, trigger);
        while (location.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new FlinkRestException("the savepoint of job " + jobId + " did not complete within "
                        + timeout.toSeconds() + " s; see " + rest.base() + "/#/job/" + jobId + "/checkpoints");
            }
            pause();
            location = rest.savepointLocation(jobId, trigger);
        }
        return location.get();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("interrupted while waiting for Flink", e);
        }
    }

    /** @param jarId Flink's id of the uploaded jar @param jobId the submitted job */
    public record Deployment(String jarId, String jobId) {}
}
