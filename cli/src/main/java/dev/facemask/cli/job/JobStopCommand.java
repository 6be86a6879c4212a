package dev.facemask.cli.job;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.runtime.flink.FlinkRestClient;
import dev.facemask.runtime.flink.FlinkRestException;
import dev.facemask.cli.deploy.JobDeployer;
import dev.facemask.runtime.stack.StackOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detector job stop --savepoint DIR}: stops a job on a session cluster after a savepoint, for an
 * upgrade without loss: {@code deploy --from-savepoint <printed path>} then resumes where it stopped.
 * The sources stop first, so every frame read before the savepoint has its result committed, and every
 * frame after it is read by the next job.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop a job on a Flink session cluster with a savepoint; prints the savepoint's path.",
            "  ./detector job stop --savepoint /var/savepoints && ./detector deploy --from-savepoint <path> ..."})
public final class JobStopCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "URL", description = "Flink REST endpoint (default: ${DEFAULT-VALUE}).")
    URI cluster = URI.create("http://127.0.0.1:" + StackOptions.DEFAULT_REST_PORT);

    @Option(names = "--savepoint", required = true, paramLabel = "DIR",
            description = "Folder for the savepoint, as the JobManager sees it.")
    Path savepointDir;

    @Option(names = "--job-id", paramLabel = "ID", description = "The job to stop (default: the only running job).")
    String jobId;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Limit for the savepoint (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 120;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        FlinkRestClient rest = new FlinkRestClient(cluster, Duration.ofSeconds(10));
        try {
            String job = jobId != null ? jobId : onlyRunningJob(rest);
            out.println("Stopping job " + job + " with a savepoint into " + savepointDir.toAbsolutePath() + " ...");
            out.flush();
            String location = new JobDeployer(rest).stopWithSavepoint(job, savepointDir.toAbsolutePath().toString(),
                    Duration.ofSeconds(timeoutSeconds));
            out.println("Savepoint: " + location);
            out.println("Resume with: ./detector deploy --cluster " + cluster + " --from-savepoint " + location
                    + " <the same job options>");
            return 0;
        } catch (FlinkRestException e) {
            throw ExitException.failure(e.getMessage());
        }
    }

    private static String onlyRunningJob(FlinkRestClient rest) {
        List<String> running = rest.runningJobIds();
        if (running.size() != 1) {
            throw ExitException.usage(running.size() + " jobs are running " + running + ": name one with --job-id");
        }
        return running.get(0);
    }
}
