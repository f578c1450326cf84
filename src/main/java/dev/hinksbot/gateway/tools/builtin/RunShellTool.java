package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import dev.hinksbot.gateway.tools.approval.CommandApprovals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** run_shell: one /bin/sh command in the workspace, via {@link ShellRunner}. */
final class RunShellTool {
    private final Workspace workspace;
    private final ShellRunner runner;
    private final Duration maxTimeout;
    private final CommandApprovals approvals;
    private final String sandbox;

    RunShellTool(Workspace workspace, ShellRunner runner, BuiltinSettings settings, CommandApprovals approvals,
                 String sandbox) {
        this.workspace = workspace;
        this.runner = runner;
        this.maxTimeout = settings.shellTimeout();
        this.approvals = approvals;
        this.sandbox = sandbox;
    }

    Tool tool() {
        return Tools.builder("run_shell")
                .description("Run a shell command with /bin/sh -c inside the workspace and return its combined "
                        + "stdout and stderr plus the exit code. A non-zero exit code is reported as an error, with "
                        + "the output. There is no stdin; the command is killed (with any child processes) after "
                        + "timeout_seconds (default and maximum " + maxTimeout.toSeconds() + "). It runs in " + sandbox
                        + ": the workspace (" + workspace.root() + ", also $HOME) and /tmp are writable, the rest of "
                        + "the system is read-only.")
                .group("terminal", "shell")
                .param("command", "string", "The shell command line, e.g. 'ls -la' or 'grep -rn foo src | head'", true)
                .param("workdir", "string", "Directory to run in, relative to the workspace root (default: the root)", false)
                .intParam("timeout_seconds", "Seconds before the command is killed (default and maximum "
                        + maxTimeout.toSeconds() + ")", false, 1)
                .approval(args -> approvals.shell(args.path("command").asText(null)))
                .handler(this::run)
                .build();
    }

    private ToolResult run(JsonNode args, ToolContext ctx) throws Exception {
        String command = Args.string(args, "command");
        if (command.isBlank()) {
            return ToolResult.failure("argument 'command' must not be empty");
        }
        String given = Args.string(args, "workdir", ".");
        Path dir = workspace.resolve(given);
        if (!Files.isDirectory(dir)) {
            return ToolResult.failure("workdir '" + given + "' is not an existing directory");
        }
        long requested = Args.integer(args, "timeout_seconds", maxTimeout.toSeconds());
        Duration timeout = Duration.ofSeconds(requested).compareTo(maxTimeout) > 0 ? maxTimeout : Duration.ofSeconds(requested);
        return runner.run(command, dir, timeout, ctx.cancel()).toToolResult();
    }
}
