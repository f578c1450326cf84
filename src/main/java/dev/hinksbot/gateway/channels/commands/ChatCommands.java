package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.channels.BusyGuard;
import dev.hinksbot.gateway.channels.ChannelSessions;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.Hooks;
import dev.hinksbot.gateway.channels.PairingService;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StatsRepository;
import java.util.List;
import java.util.function.Function;

/** The registry: every chat command, registered once, in /help order. */
public final class ChatCommands {
    private ChatCommands() {
    }

    /** The gateway's commands, built from the services they use. */
    public static List<ChatCommand> standard(ChatService chat, SessionRepository sessions, MessageRepository messages,
                                             StatsRepository stats, ChannelSessions channelSessions,
                                             ChannelSessionRepository homes, BusyGuard guard,
                                             HistoryCommands.Summarizer summarizer, Hooks hooks, AgentProfiles profiles,
                                             Function<String, List<String>> availableModels, PendingApprovals approvals,
                                             CronCommand.Handler cron, DefaultSettings defaults, PairingService pairing) {
        SessionCommands session = new SessionCommands(chat, sessions, channelSessions, guard, defaults, hooks);
        ProfileCommands profile = new ProfileCommands(chat, sessions, profiles, availableModels, defaults);
        AnswerCommands answers = new AnswerCommands(chat, sessions, messages, guard);
        HistoryCommands history = new HistoryCommands(chat, sessions, messages, channelSessions, summarizer);
        UsageCommands usage = new UsageCommands(messages, stats);
        ApprovalCommands approval = new ApprovalCommands(approvals, sessions);
        PairingCommands pairingCommands = new PairingCommands(pairing);
        return new HelpCommand(List.of(
                session.fresh(),
                profile.model(),
                profile.personality(),
                answers.retry(),
                history.undo(),
                session.status(),
                answers.stop(),
                new HomeCommand(homes),
                history.compress(),
                session.title(),
                session.resume(),
                usage.usage(),
                usage.insights(),
                answers.background(),
                answers.queue(),
                approval.approve(),
                approval.deny(),
                new CronCommand(cron),
                pairingCommands.pair(),
                pairingCommands.pairing())).all();
    }
}
