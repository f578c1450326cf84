package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.store.SessionRepository;
import java.util.Optional;

/** Tool calls waiting for a person: /approve and /deny. */
public final class ApprovalCommands {
    private final PendingApprovals approvals;
    private final SessionRepository sessions;

    public ApprovalCommands(PendingApprovals approvals, SessionRepository sessions) {
        this.approvals = approvals;
        this.sessions = sessions;
    }

    ChatCommand approve() {
        return ChatCommand.of("approve", Caller.Role.USER, "[request id] run the command waiting for your approval",
                (ctx, args) -> decide(true, args, ctx));
    }

    ChatCommand deny() {
        return ChatCommand.of("deny", Caller.Role.USER, "[request id] refuse the command waiting for your approval",
                (ctx, args) -> decide(false, args, ctx));
    }

    /** The session's oldest waiting call, or the request named (a background run's). */
    private Answer decide(boolean approve, String arg, Context ctx) {
        // a request named by id must be one of the caller's own sessions'
        String requestId = arg.isEmpty() ? approvals.oldest(ctx.sessionId()).map(ApprovalGate.ApprovalRequest::requestId).orElse(null)
                : approvals.find(arg).filter(r -> ctx.caller().sessions().includes(sessions.ownerOf(r.sessionId()).orElse(null)))
                        .map(ApprovalGate.ApprovalRequest::requestId).orElse(null);
        String by = ctx.origin() == null ? ctx.platform() : ctx.platform() + ":" + ctx.origin().userId();
        Optional<ApprovalGate.ApprovalRequest> answered = requestId == null ? Optional.empty()
                : approvals.resolve(requestId, approve, by);
        if (answered.isEmpty()) {
            return Answer.of(arg.isEmpty() ? "Nothing is waiting for approval." : "No approval request " + arg + " is waiting.");
        }
        return Answer.of((approve ? "✅ Approved: " : "🚫 Denied: ") + answered.get().toolName() + " ("
                + answered.get().reason() + ").");
    }
}
