package dev.hinksbot.gateway.tools.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * No sandbox (gateway.tools.sandbox=off): the command runs as the gateway's user with everything that user can
 * reach. Only the environment is still cut down to PATH, HOME and LANG, so the gateway's own variables (which may
 * hold secrets) are not handed over.
 */
public final class Unconfined implements Sandbox {
    private final Path workspaceRoot;

    public Unconfined(Path workspaceRoot) {
        this.workspaceRoot = workspaceRoot;
    }

    @Override
    public Launch launch(String command, Path workdir) {
        return new Launch(List.of("/bin/sh", "-c", command), workdir, SandboxEnvironment.of(workspaceRoot));
    }

    @Override
    public String describe() {
        return "unconfined (gateway.tools.sandbox=off)";
    }
}
