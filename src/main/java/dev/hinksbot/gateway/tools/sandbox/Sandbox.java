package dev.hinksbot.gateway.tools.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a command run for a model is started: the process to launch for one {@code /bin/sh -c} command line. The
 * sandbox only builds the launch; {@code ShellRunner} runs it (timeout, output cap, killing the tree).
 */
public interface Sandbox {
    /**
     * @param command the shell command line
     * @param workdir the directory to run in: the workspace root or a directory inside it (already checked)
     */
    Launch launch(String command, Path workdir);

    /** One line for the log and the tool descriptions, e.g. "bubblewrap (network on)". */
    String describe();

    /** The process to start: its arguments, the directory it starts in, and its complete environment. */
    record Launch(List<String> command, Path directory, Map<String, String> environment) {
        public Launch {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }
}
