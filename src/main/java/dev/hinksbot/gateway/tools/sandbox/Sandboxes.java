package dev.hinksbot.gateway.tools.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the sandbox once at start-up from gateway.tools.sandbox and .network. With bwrap it proves the sandbox
 * works by running a trivial command in it; when that fails there is no sandbox, and run_shell and manifest command
 * tools are not offered at all (never silently run unconfined). Only an explicit {@code off} runs them unconfined.
 */
public final class Sandboxes {
    private static final Logger LOG = LoggerFactory.getLogger(Sandboxes.class);
    public static final Path DEFAULT_BWRAP = Path.of("/usr/bin/bwrap");
    private static final long PROBE_SECONDS = 20;

    private Sandboxes() {
    }

    /**
     * The sandbox to run commands in, or empty when commands must not run (bwrap wanted but not working).
     * Logs one line saying which, and a WARN when commands run unconfined.
     */
    public static Optional<Sandbox> choose(boolean bwrapWanted, boolean network, Path workspaceRoot) {
        return choose(bwrapWanted, network, workspaceRoot, findBwrap());
    }

    public static Optional<Sandbox> choose(boolean bwrapWanted, boolean network, Path workspaceRoot, Path bwrap) {
        if (!bwrapWanted) {
            LOG.warn("gateway.tools.sandbox=off: run_shell and command tools run UNCONFINED, with every file, process "
                    + "and secret the gateway's user can reach; set gateway.tools.sandbox=bwrap to confine them");
            return Optional.of(new Unconfined(workspaceRoot));
        }
        Optional<String> problem;
        Sandbox sandbox = null;
        if (!Files.isExecutable(bwrap)) {
            problem = Optional.of(bwrap + " not found");
        } else {
            sandbox = new BubblewrapSandbox(bwrap, workspaceRoot, network, HostLayout.detect(), etcDir(workspaceRoot),
                    knowsDisableUserns(bwrap), SandboxLimits.DEFAULT);
            problem = probe(sandbox, workspaceRoot);
        }
        if (problem.isPresent()) {
            LOG.error("run_shell and command tools are NOT offered: the bubblewrap sandbox cannot start ({}). Install "
                    + "it (apt-get install bubblewrap) or set gateway.tools.sandbox=off to run them unconfined", problem.get());
            return Optional.empty();
        }
        LOG.info("run_shell and command tools run in a {} sandbox; the workspace {} is the only writable place",
                sandbox.describe(), workspaceRoot);
        return Optional.of(sandbox);
    }

    /** Why the bubblewrap sandbox the gateway would use cannot run a command, or empty when it can (hinksbot doctor). */
    public static Optional<String> problem(boolean network, Path workspaceRoot) {
        Path bwrap = findBwrap();
        if (!Files.isExecutable(bwrap)) {
            return Optional.of(bwrap + " not found");
        }
        return probe(new BubblewrapSandbox(bwrap, workspaceRoot, network, HostLayout.detect(), etcDir(workspaceRoot),
                knowsDisableUserns(bwrap), SandboxLimits.DEFAULT), workspaceRoot);
    }

    /** Why a trivial command does not run in the sandbox, or empty when it does. */
    static Optional<String> probe(Sandbox sandbox, Path workspaceRoot) {
        Sandbox.Launch launch = sandbox.launch("true", workspaceRoot);
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.directory().toFile())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(launch.environment());
        try {
            Process p = pb.start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Optional.of("a test command did not finish within " + PROBE_SECONDS + "s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.exitValue() == 0 ? Optional.empty()
                    : Optional.of("a test command failed with exit code " + p.exitValue()
                            + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse("")));
        } catch (IOException e) {
            return Optional.of("cannot start " + launch.command().get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while testing the sandbox");
        }
    }

    /** bwrap on the PATH, else the Debian location. */
    static Path findBwrap() {
        String path = System.getenv("PATH");
        if (path != null) {
            Optional<Path> onPath = Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isBlank())
                    .map(d -> Path.of(d, "bwrap")).filter(Files::isExecutable).findFirst();
            if (onPath.isPresent()) {
                return onPath.get();
            }
        }
        return DEFAULT_BWRAP;
    }

    /** --disable-userns came with bubblewrap 0.8; older ones (Ubuntu 22.04) still sandbox without it. */
    private static boolean knowsDisableUserns(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--help").redirectErrorStream(true).start();
            String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return help.contains("--disable-userns");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The sandbox's /etc files, in a private directory that lives as long as the gateway. */
    private static Path etcDir(Path workspaceRoot) {
        try {
            Path dir = Files.createTempDirectory("hinksbot-sandbox-etc-");
            dir.toFile().deleteOnExit(); // registered first: deleteOnExit runs in reverse, so after its files
            BubblewrapSandbox.writeEtc(dir, workspaceRoot);
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> f.toFile().deleteOnExit());
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sandbox's /etc files", e);
        }
    }
}
