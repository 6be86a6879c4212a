package dev.facemask.runtime.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the stack's JVMs detached from the CLI, records their pids and stops exactly those.
 *
 * <p>A pid from a pid file is trusted only if that process is alive and its command line holds both
 * the expected main class and this stack's marker {@code -Dfacemask.stack=<dir>}: a recycled pid or
 * another stack's JVM is never signalled.
 */
final class ProcessSupervisor {

    static final String MARKER_PROPERTY = "facemask.stack";
    /**
     * glibc's malloc keeps freed memory for reuse once large blocks have been freed (its mmap
     * threshold rises to their size), and TensorFlow's graph optimiser frees several copies of a
     * model's graph at its first call: with the seed model's weights frozen into the graph, a
     * TaskManager held about 2.0 GB instead of 1.2 GB. A fixed trim threshold returns them.
     */
    static final Map<String, String> MALLOC_ENVIRONMENT = Map.of("MALLOC_TRIM_THRESHOLD_", "1048576");
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final StackLayout layout;
    /**
     * The JVMs this supervisor started. Just after a start the pid file's process may still be Java's
     * {@code jspawnhelper}, whose command line is not yet the JVM's: CI saw a healthy TaskManager and,
     * later, a healthy broker reported as "exited during start-up". The handle is alive from the first
     * instant, so {@link #running} asks it first.
     */
    private final Map<StackJvm, Process> started = new ConcurrentHashMap<>();

    ProcessSupervisor(StackLayout layout) {
        this.layout = layout;
    }

    /** Adds {@link #MALLOC_ENVIRONMENT} to a child's environment where the user has not set those variables. */
    static void withMallocDefaults(Map<String, String> environment) {
        MALLOC_ENVIRONMENT.forEach(environment::putIfAbsent);
    }

    /** The option every stack JVM carries, so {@link #running} can recognise it. */
    String marker() {
        return "-D" + MARKER_PROPERTY + "=" + layout.root();
    }

    /**
     * Starts {@code command} in its own session (so Ctrl-C in the shell that ran {@code up} does not
     * reach it), stdout and stderr appended to {@code logs/<id>.out}, and writes its pid file.
     */
    ProcessHandle start(StackJvm process, List<String> command) {
        if (!command.contains(marker())) {
            throw new IllegalArgumentException("command for " + process.id() + " lacks the stack marker " + marker());
        }
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            full.add(SETSID.toString()); // a forked JVM child is no group leader, so setsid execs in place: same pid
        }
        full.addAll(command);
        try {
            Files.createDirectories(layout.logsDir());
            Files.createDirectories(layout.runDir());
            ProcessBuilder builder = new ProcessBuilder(full);
            withMallocDefaults(builder.environment());
            Process spawned = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.outFile(process).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(layout.pidFile(process), Long.toString(spawned.pid()) + "\n", StandardCharsets.US_ASCII);
            started.put(process, spawned);
            return spawned.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + process.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a short-lived JVM (storage format, memory sizing) to its end and returns its output, also
     * kept in {@code logs/<name>.out}. Fails with the output's last lines if it exits non-zero.
     */
    String runToEnd(String name, List<String> command, Duration timeout) {
        Path out = layout.logsDir().resolve(name + ".out");
        try {
            Files.createDirectories(layout.logsDir());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new StackException(name + " did not finish within " + timeout.toSeconds() + " s; see " + out);
            }
            String output = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new StackException(name + " failed with exit code " + process.exitValue() + ": " + tail(output, 5)
                        + " (full output in " + out + ")");
            }
            return output;
        } catch (IOException e) {
            throw new StackException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + name, e);
        }
    }

    /**
     * How a JVM this supervisor started ended, e.g. {@code "exit code 1"} or {@code "killed by signal 9"},
     * or empty if it runs or was not started here: a start-up failure then says whether the JVM failed
     * or something killed it.
     */
    Optional<String> exitOf(StackJvm process) {
        Process own = started.get(process);
        if (own == null || own.isAlive()) {
            return Optional.empty();
        }
        int code = own.exitValue();
        return Optional.of(code > 128 ? "killed by signal " + (code - 128) : "exit code " + code);
    }

    /** The last {@code n} lines of a text, joined with " | ", to quote a failure in one line. */
    static String tail(String text, int n) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /**
     * The live process of {@code process}: the one this supervisor started, if alive, else the pid
     * file's, if it is one of ours (see class comment).
     */
    Optional<ProcessHandle> running(StackJvm process) {
        Process own = started.get(process);
        if (own != null && own.isAlive()) {
            return Optional.of(own.toHandle());
        }
        Path pidFile = layout.pidFile(process);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> isOurs(handle, process));
    }

    /** SIGTERM, then SIGKILL after {@code timeout}; removes the pid file. Returns false if nothing of ours ran. */
    boolean stop(StackJvm process, Duration timeout) {
        Optional<ProcessHandle> handle = running(process);
        handle.ifPresent(h -> {
            h.destroy();
            if (!awaitExit(h, timeout)) {
                h.destroyForcibly();
                awaitExit(h, Duration.ofSeconds(10));
            }
        });
        deletePidFile(process);
        return handle.isPresent();
    }

    /** SIGKILL at once, as a crash would: for fault tests. */
    boolean kill(StackJvm process) {
        Optional<ProcessHandle> handle = running(process);
        handle.ifPresent(h -> {
            h.destroyForcibly();
            awaitExit(h, Duration.ofSeconds(10));
        });
        deletePidFile(process);
        return handle.isPresent();
    }

    private boolean isOurs(ProcessHandle handle, StackJvm process) {
        String commandLine = commandLine(handle);
        return commandLine.contains(process.mainClass()) && commandLine.contains(marker());
    }

    /** Linux's /proc cmdline is complete; {@code ProcessHandle.Info} may be truncated or empty elsewhere. */
    private static String commandLine(ProcessHandle handle) {
        Path proc = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
        try {
            if (Files.isReadable(proc)) {
                return Files.readString(proc, StandardCharsets.UTF_8).replace('\0', ' ');
            }
        } catch (IOException e) {
            // the process may have just exited; fall back below
        }
        return handle.info().commandLine().orElse("");
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private void deletePidFile(StackJvm process) {
        try {
            Files.deleteIfExists(layout.pidFile(process));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + layout.pidFile(process), e);
        }
    }
}
