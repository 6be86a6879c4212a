package dev.facemask.cli.deploy;

import dev.facemask.cli.exit.ExitException;
import dev.facemask.runtime.flink.FlinkRestClient;
import dev.facemask.runtime.flink.FlinkRestException;
import dev.facemask.runtime.stack.StackOptions;
import dev.facemask.job.options.CommandLineSecrets;
import dev.facemask.job.JobCommand;
import dev.facemask.job.options.KafkaClientProperties;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code detector deploy [--cluster URL] [--wait-running] <job options...>}: uploads the shaded job jar
 * to a Flink session cluster and runs it. Every option that is not deploy's own goes to the job
 * unchanged and in order; after {@code --} everything does.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Upload the streaming job's jar to a Flink session cluster and run it.",
            "Options not listed here go to the job (see `./detector job --help`), e.g.",
            "  ./detector deploy --wait-running --bootstrap-servers 127.0.0.1:9092 --model models/tiny"})
public final class DeployCommand implements Callable<Integer> {

    /** The shaded job jar's file name: the {@code <finalName>} of streaming-job's shade plugin. */
    public static final String JOB_JAR = "facemask-job.jar";

    @Spec
    CommandSpec spec;

    @Option(names = "--cluster", paramLabel = "URL", description = "Flink REST endpoint (default: ${DEFAULT-VALUE}).")
    URI cluster = URI.create("http://127.0.0.1:" + StackOptions.DEFAULT_REST_PORT);

    @Option(names = "--jar", paramLabel = "FILE",
            description = "Shaded job jar (default: streaming-job/target/" + JOB_JAR + " in the repository).")
    Path jar;

    @Option(names = "--entry-class", paramLabel = "CLASS", description = "Job main class (default: ${DEFAULT-VALUE}).")
    String entryClass = DeployRequest.DEFAULT_ENTRY_CLASS;

    @Option(names = "--wait-running", description = "Wait until every task of the job is RUNNING; fail if the job fails first.")
    boolean waitRunning;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "Limit for --wait-running (default: ${DEFAULT-VALUE}).")
    int waitTimeoutSeconds = 180;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Start from this savepoint, as `job stop --savepoint` printed it; keep the job name and topics"
                    + " (they make the transactional id prefix).")
    String fromSavepoint;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DeployRequest request = request();
        // Another entry class (a user's own job in the jar) has options this CLI does not know.
        if (DeployRequest.DEFAULT_ENTRY_CLASS.equals(request.entryClass())) {
            checkJobArguments(request.programArgs());
        }
        // The job's arguments travel to Flink and show in its web UI: a secret there is a secret for all.
        CommandLineSecrets.warning(CommandLineSecrets.kafkaPropertyKeys(request.programArgs()))
                .ifPresent(spec.commandLine().getErr()::println);
        JobDeployer deployer = new JobDeployer(new FlinkRestClient(cluster, Duration.ofSeconds(10)));
        try {
            out.println("Uploading " + request.jar() + " to " + cluster + " ..."
                    + (request.savepoint() == null ? "" : " (from savepoint " + request.savepoint() + ")"));
            out.flush();
            JobDeployer.Deployment deployment = deployer.deploy(request);
            out.println("Job id: " + deployment.jobId());
            out.println("Web UI: " + cluster + "/#/job/" + deployment.jobId() + "/overview");
            if (waitRunning) {
                out.flush();
                deployer.awaitRunning(deployment.jobId(), Duration.ofSeconds(waitTimeoutSeconds));
                out.println("Job " + deployment.jobId() + " is RUNNING.");
            }
            return 0;
        } catch (FlinkRestException | UncheckedIOException e) {
            throw ExitException.failure(e.getMessage());
        }
    }

    /**
     * Parses the job's arguments as the job will, so that a mistyped option or options that cannot run
     * together fail here, before the upload, and not on the cluster. Secret values stay masked.
     */
    static void checkJobArguments(List<String> args) {
        CommandLine job = JobCommand.commandLine();
        try {
            job.parseArgs(args.toArray(String[]::new));
            ((JobCommand) job.getCommand()).checkedOptions();
        } catch (CommandLine.ParameterException | JobCommand.BadUsageException e) {
            throw ExitException.usage("job arguments: " + KafkaClientProperties.maskSecrets(e.getMessage(), args));
        }
    }

    /** The job's arguments as given (picocli keeps unmatched ones in order; a leading "--" is dropped). */
    List<String> jobArgs() {
        return jobArgs.stream().filter(a -> !"--".equals(a)).toList();
    }

    DeployRequest request() {
        try {
            return DeployRequest.builder()
                    .jar(jar != null ? jar : defaultJar())
                    .entryClass(entryClass)
                    .programArgs(jobArgs())
                    .savepoint(fromSavepoint)
                    .build();
        } catch (IllegalArgumentException e) {
            throw ExitException.failure(e.getMessage());
        }
    }

    /** {@code $detector.home/streaming-job/target/facemask-job.jar}, as {@code mvn package} names the shaded job jar. */
    static Path defaultJar() {
        return Path.of(System.getProperty("detector.home", ".")).resolve("streaming-job/target").resolve(JOB_JAR)
                .toAbsolutePath().normalize();
    }
}
