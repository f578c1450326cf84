package dev.hinksbot.gateway.tools.builtin;

import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one shell command for run_shell and manifest command tools: {@code /bin/sh -c} in a workspace
 * directory, launched through the {@link Sandbox}, stdout and stderr merged, output capped, and on timeout or
 * cancel the whole process tree killed (with bubblewrap that includes the sandbox's pid 1, which takes every
 * process of its pid namespace with it).
 */
public final class ShellRunner {
    /** How long to keep reading after the shell exits, for output still in the pipe. */
    private static final long DRAIN_AFTER_EXIT_MS = 1_000;

    private final Sandbox sandbox;
    private final int outputCapChars;

    public ShellRunner(Sandbox sandbox, int outputCapChars) {
        this.sandbox = sandbox;
        this.outputCapChars = Math.max(1_000, outputCapChars);
    }

    /** What a command did. {@code exitCode} is -1 when it was killed. */
    public record Result(String command, int exitCode, String output, long charsCut, boolean timedOut,
                         boolean cancelled, boolean outputLeftOpen, Duration elapsed, Duration timeout) {

        /** run_shell's answer to the model: output, then a status line; failure unless exit code 0. */
        public ToolResult toToolResult() {
            StringBuilder sb = new StringBuilder(output);
            if (charsCut > 0) {
                sb.append(sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n' ? "\n" : "")
                        .append("[output truncated: ").append(charsCut).append(" characters cut from the middle]");
            }
            if (outputLeftOpen) {
                appendLine(sb, "[background processes still hold the output open; later output not captured]");
            }
            String secs = String.format("%.1fs", elapsed.toMillis() / 1000.0);
            if (timedOut) {
                appendLine(sb, "[timed out after " + timeout.toSeconds() + "s; the command and its child processes were killed]");
                return ToolResult.failure("command timed out after " + timeout.toSeconds() + "s\n" + sb);
            }
            if (cancelled) {
                appendLine(sb, "[cancelled; the command and its child processes were killed]");
                return ToolResult.failure("command cancelled\n" + sb);
            }
            appendLine(sb, "[exit code " + exitCode + ", " + secs + "]");
            return exitCode == 0 ? ToolResult.ok(sb.toString())
                    : ToolResult.failure("command exited with code " + exitCode + "\n" + sb);
        }

        private static void appendLine(StringBuilder sb, String line) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
            sb.append(line);
        }
    }

    public Result run(String command, Path workdir, Duration timeout, CancelSignal cancel)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Sandbox.Launch launch = sandbox.launch(command, workdir);
        ProcessBuilder pb = new ProcessBuilder(launch.command())
                .directory(launch.directory().toFile())
                .redirectErrorStream(true)
                // no stdin: a command waiting for input would otherwise hang until the timeout
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // never the gateway's own environment: it may hold API keys and tokens
        pb.environment().clear();
        pb.environment().putAll(launch.environment());
        Process process = pb.start();
        CappedCollector collector = new CappedCollector(outputCapChars);
        Thread reader = new Thread(() -> collector.drain(process.getInputStream()), "shell-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();

        boolean cancelled = false;
        boolean timedOut = false;
        try (AutoCloseable ignored = cancel == null ? () -> { } : cancel.onCancel(() -> killTree(process))) {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                timedOut = !(cancel != null && cancel.isCancelled());
                killTree(process);
                process.waitFor(5, TimeUnit.SECONDS);
            }
            cancelled = cancel != null && cancel.isCancelled();
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // only the no-op close of the cancel handle can land here
        }
        reader.join(DRAIN_AFTER_EXIT_MS);
        boolean leftOpen = reader.isAlive();
        int exit = timedOut || cancelled ? -1 : process.exitValue();
        return new Result(command, exit, collector.text(), collector.cut(), timedOut, cancelled && !timedOut,
                leftOpen, Duration.ofNanos(System.nanoTime() - start), timeout);
    }

    /** Kills the process and every descendant; descendants first, so none is orphaned out of reach. */
    static void killTree(Process process) {
        // twice: a shell may fork a new child while the first round is being killed
        for (int round = 0; round < 2; round++) {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.forEach(ProcessHandle::destroyForcibly);
        }
        process.destroyForcibly();
    }

    /** Keeps the head and the tail of the output (errors tend to be at the end) and counts what is cut. */
    private static final class CappedCollector {
        private final int headCap;
        private final int tailCap;
        private final StringBuilder head = new StringBuilder();
        private final char[] tail;
        private int tailLen;
        private int tailStart;
        private long cut;

        CappedCollector(int cap) {
            this.headCap = cap / 2;
            this.tailCap = cap - headCap;
            this.tail = new char[tailCap];
        }

        void drain(InputStream in) {
            char[] buf = new char[8192];
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buf)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            add(buf[i]);
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is killed; what was read so far stands
            }
        }

        private void add(char c) {
            if (head.length() < headCap) {
                head.append(c);
                return;
            }
            if (tailLen < tailCap) {
                tail[(tailStart + tailLen++) % tailCap] = c;
            } else {
                tail[tailStart] = c;
                tailStart = (tailStart + 1) % tailCap;
                cut++;
            }
        }

        synchronized long cut() {
            return cut;
        }

        synchronized String text() {
            StringBuilder sb = new StringBuilder(head.length() + tailLen + 64).append(head);
            if (cut > 0) {
                sb.append("\n[... ").append(cut).append(" characters cut ...]\n");
            }
            for (int i = 0; i < tailLen; i++) {
                sb.append(tail[(tailStart + i) % tailCap]);
            }
            return sb.toString();
        }
    }
}
