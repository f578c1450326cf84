package dev.hinksbot.gateway.tools;

import dev.hinksbot.gateway.tools.approval.ApprovalMode;
import dev.hinksbot.gateway.tools.approval.CommandApprovals;
import dev.hinksbot.gateway.tools.sandbox.Sandbox;
import java.util.Objects;
import java.util.Optional;

/**
 * How commands run for a model (run_shell and manifest command tools) are run and approved.
 *
 * @param sandbox   where they run; empty when no sandbox could be started, and then those tools are not offered
 * @param approvals which calls wait for a person first
 */
public record CommandPolicy(Optional<Sandbox> sandbox, CommandApprovals approvals) {
    public CommandPolicy {
        Objects.requireNonNull(sandbox);
        Objects.requireNonNull(approvals);
    }

    public static CommandPolicy of(Sandbox sandbox, ApprovalMode mode) {
        return new CommandPolicy(Optional.ofNullable(sandbox), new CommandApprovals(mode));
    }
}
