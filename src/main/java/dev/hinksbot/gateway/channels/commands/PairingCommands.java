package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.channels.PairingService;
import java.util.Locale;

/** Admitting people, for admins: /pair (a one-time invite code) and /pairing (what the CLI's pairing commands do). */
public final class PairingCommands {
    private final PairingService pairing;

    public PairingCommands(PairingService pairing) {
        this.pairing = pairing;
    }

    ChatCommand pair() {
        return ChatCommand.of("pair", Caller.Role.ADMIN, "get a one-time code that pairs a new user who sends it to me in a DM",
                (ctx, args) -> pair(ctx));
    }

    ChatCommand pairing() {
        return ChatCommand.of("pairing", Caller.Role.ADMIN,
                "list | approve <code> | revoke <platform:user> pairing requests and paired users", this::pairing);
    }

    private Answer pair(Context ctx) {
        if (ctx.isWebSocket()) {
            return Answer.of("/pair works in a chat platform (Telegram, Slack, e-mail): the code pairs a user of that platform.");
        }
        return Answer.of(pairing.invite(ctx.platform(), ctx.caller().userKey()).message());
    }

    /** {@code /pairing list | approve <code> | revoke [platform:]<user>}. */
    private Answer pairing(Context ctx, String arg) {
        String[] words = arg.isEmpty() ? new String[] {"list"} : arg.split("\\s+");
        String verb = words[0].toLowerCase(Locale.ROOT);
        switch (verb) {
            case "list" -> {
                StringBuilder b = new StringBuilder("Waiting for approval:");
                pairing.pending().forEach(p -> b.append("\n• ").append(p.platform()).append(" user ").append(p.userId())
                        .append(p.userName() == null ? "" : " (" + p.userName() + ")").append(", expires ").append(p.expiresAt()));
                b.append("\n/pair codes not used yet: ").append(pairing.invites().size());
                b.append("\nPaired:");
                pairing.paired().forEach(u -> b.append("\n• ").append(u.platform()).append(" user ").append(u.userId())
                        .append(u.userName() == null ? "" : " (" + u.userName() + ")"));
                return Answer.of(b.toString());
            }
            case "approve" -> {
                if (words.length < 2) {
                    return Answer.of("Usage: /pairing approve <code>");
                }
                PairingService.Approval a = pairing.approve(null, words[1]);
                return Answer.of(a.outcome() == PairingService.ApprovalOutcome.APPROVED
                        ? "✅ Approved " + a.platform() + " user " + a.userId() + (a.userName() == null ? "" : " (" + a.userName() + ")") + "."
                        : "No pending pairing code " + words[1] + " (wrong, expired or already used).");
            }
            case "revoke" -> {
                if (words.length < 2) {
                    return Answer.of("Usage: /pairing revoke <platform:user> (or <user> on this platform)");
                }
                int colon = words[1].indexOf(':');
                String platform = colon > 0 ? words[1].substring(0, colon) : ctx.platform();
                String user = colon > 0 ? words[1].substring(colon + 1) : words[1];
                return Answer.of(pairing.revoke(platform, user) ? "Revoked " + platform + " user " + user + "."
                        : platform + " user " + user + " is not paired.");
            }
            default -> {
                return Answer.of("Usage: /pairing list | approve <code> | revoke <platform:user>");
            }
        }
    }
}
