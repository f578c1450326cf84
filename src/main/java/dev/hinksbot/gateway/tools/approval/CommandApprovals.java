package dev.hinksbot.gateway.tools.approval;

import java.util.Objects;
import java.util.Optional;

/**
 * The approval policy for commands run for a model. It is a policy for people (what they want to see before it
 * happens), not the security boundary: that is the sandbox every command runs in.
 */
public record CommandApprovals(ApprovalMode mode) {
    public CommandApprovals {
        Objects.requireNonNull(mode);
    }

    /** Why this run_shell command line needs a person's approval, or empty when it may run unasked. */
    public Optional<String> shell(String command) {
        return switch (mode) {
            case ALWAYS -> Optional.of("every shell command asks first (gateway.tools.approvals=always)");
            case DANGEROUS -> ReadOnlyCommands.reasonToAsk(command);
            case OFF -> Optional.empty();
        };
    }

    /**
     * Why a call of a manifest command tool needs approval. Under {@code dangerous} such calls run unasked: the owner
     * wrote the command, and each model value is one single-quoted argument that may not start with '-'.
     */
    public Optional<String> commandTool(String toolName) {
        return mode == ApprovalMode.ALWAYS
                ? Optional.of("every command tool asks first (gateway.tools.approvals=always)")
                : Optional.empty();
    }
}
