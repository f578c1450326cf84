package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.PendingApprovals;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.cron.CronChatCommand;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.Stats;
import dev.hinksbot.gateway.store.StatsRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slash commands, in one place for every channel (Telegram, Slack, e-mail and the WebSocket). Each returns a
 * short answer for the chat; some start work whose result arrives later through the context's {@link Replier}.
 */
public final class CommandDispatcher {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Pattern COMMAND = Pattern.compile("^/([A-Za-z][A-Za-z_-]*)(?:@\\S+)?(?:\\s+([\\s\\S]*))?$");
    /** Commands that act while an answer is running instead of waiting behind it. */
    public static final Set<String> BYPASS = Set.of("stop", "new", "reset", "approve", "deny", "queue", "status");

    public static final Map<String, String> HELP;

    static {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("new", "start a fresh conversation (also /reset)");
        h.put("model", "[name] show or change the model");
        h.put("personality", "[name] show or set a personality");
        h.put("retry", "answer the last message again");
        h.put("undo", "remove the last exchange");
        h.put("status", "show session info");
        h.put("stop", "stop the running answer");
        h.put("sethome", "make this chat the platform's home channel");
        h.put("compress", "summarize the conversation into a fresh session");
        h.put("title", "[name] show or set the session title");
        h.put("resume", "[name] continue a named session");
        h.put("usage", "token usage of this session");
        h.put("insights", "[days] usage insights");
        h.put("background", "<prompt> run a prompt in a separate background session");
        h.put("queue", "<prompt> queue a message after the running answer");
        h.put("approve", "[request id] run the command waiting for your approval");
        h.put("deny", "[request id] refuse the command waiting for your approval");
        h.put("cron", "[list | add <schedule> | <prompt> | pause|resume|run|rm|runs <id>] scheduled jobs");
        h.put("help", "show the commands");
        HELP = Map.copyOf(h);
    }

    /** Where a command was sent from. {@code sessionKey} and {@code origin} are null on the WebSocket. */
    public record Context(String platform, String sessionKey, String sessionId, InboundMessage origin, Replier replier,
                          RunLauncher launcher, String busyMode) {
        boolean isWebSocket() {
            return sessionKey == null;
        }
    }

    /** The answer to a command; {@code sessionId} is set when the command moved the chat to another session. */
    public record Reply(String command, String text, String sessionId) {
    }

    /** Summarizes a conversation for /compress (a model call). */
    @FunctionalInterface
    public interface Summarizer {
        String summarize(String sessionId) throws Exception;
    }

    private final ChatService chat;
    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final StatsRepository stats;
    private final ChannelSessions channelSessions;
    private final ChannelSessionRepository homes;
    private final BusyGuard guard;
    private final Summarizer summarizer;
    private final Hooks hooks;
    private final String defaultModel;
    private final AgentProfiles profiles;
    private final Function<String, List<String>> availableModels;
    private final PendingApprovals approvals;
    private final CronChatCommand cron;

    public CommandDispatcher(ChatService chat, SessionRepository sessions, MessageRepository messages, StatsRepository stats,
                             ChannelSessions channelSessions, ChannelSessionRepository homes, BusyGuard guard,
                             Summarizer summarizer, Hooks hooks, String defaultModel, AgentProfiles profiles,
                             Function<String, List<String>> availableModels, PendingApprovals approvals,
                             CronChatCommand cron) {
        this.chat = chat;
        this.sessions = sessions;
        this.messages = messages;
        this.stats = stats;
        this.channelSessions = channelSessions;
        this.homes = homes;
        this.guard = guard;
        this.summarizer = summarizer;
        this.hooks = hooks;
        this.defaultModel = defaultModel;
        this.profiles = profiles;
        this.availableModels = availableModels;
        this.approvals = approvals;
        this.cron = cron;
    }

    /** The command name of a text like "/new" or "/model@MyBot qwen", lower case; empty if it is not a command. */
    public static Optional<String> commandName(String text) {
        Matcher m = COMMAND.matcher(text == null ? "" : text.strip());
        return m.matches() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    public static boolean bypassesGuard(String name) {
        return BYPASS.contains(name);
    }

    public Reply dispatch(String text, Context ctx) {
        Matcher m = COMMAND.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a command: " + text);
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        String arg = m.group(2) == null ? "" : m.group(2).strip();
        hooks.publish("command:" + name, Map.of("platform", ctx.platform(), "session_id", ctx.sessionId(), "args", arg));
        return switch (name) {
            case "new", "reset" -> fresh(name, ctx);
            case "model" -> model(arg, ctx);
            case "personality" -> personality(arg, ctx);
            case "retry" -> retry(ctx);
            case "undo" -> undo(ctx);
            case "status" -> status(ctx);
            case "stop" -> stop(ctx);
            case "sethome" -> sethome(ctx);
            case "compress" -> compress(ctx);
            case "title" -> title(arg, ctx);
            case "resume" -> resume(arg, ctx);
            case "usage" -> usage(ctx);
            case "insights" -> insights(arg);
            case "background" -> background(arg, ctx);
            case "queue" -> queue(arg, ctx);
            case "approve", "deny" -> decide(name, arg, ctx);
            case "cron" -> new Reply("cron", cron.handle(arg, ctx.origin() == null ? null : ctx.origin().originTarget(),
                    ctx.origin() == null ? ctx.platform() : "user:" + ctx.platform() + ":" + ctx.origin().userId()), null);
            case "help" -> new Reply("help", help(), null);
            default -> new Reply(name, "Unknown command /" + name + ". Try /help for the list of commands.", null);
        };
    }

    public static String help() {
        StringBuilder b = new StringBuilder("Commands:\n");
        for (String c : List.of("new", "model", "personality", "retry", "undo", "status", "stop", "sethome", "compress",
                "title", "resume", "usage", "insights", "background", "queue", "approve", "deny", "cron", "help")) {
            b.append('/').append(c).append(" — ").append(HELP.get(c)).append('\n');
        }
        return b.toString().strip();
    }

    private Reply fresh(String name, Context ctx) {
        chat.cancel(ctx.sessionId());
        guard.clear(ctx.sessionId());
        String id;
        if (ctx.isWebSocket()) {
            id = sessions.create(null, null, null, null).id();
            hooks.publish("session:reset", Map.of("platform", ctx.platform(), "session_id", id));
            return new Reply(name, "✨ New session " + id + ": connect to /ws/chat/" + id + " to continue there.", id);
        }
        id = channelSessions.reset(ctx.sessionKey(), ctx.platform());
        return new Reply(name, "✨ Started a new conversation.", id);
    }

    private Reply model(String arg, Context ctx) {
        Session s = chat.openSession(ctx.sessionId());
        if (arg.isEmpty()) {
            String current = s.model() != null && !s.model().isBlank() ? s.model()
                    : defaultModel == null || defaultModel.isBlank() ? "(the model llama-server serves)" : defaultModel;
            List<String> models = availableModels.apply(ctx.sessionId());
            return new Reply("model", "Model: " + current + (models.isEmpty() ? "" : "\nAvailable: " + String.join(", ", models)), null);
        }
        sessions.update(ctx.sessionId(), new SessionPatch(null, arg, null, null, null));
        return new Reply("model", "Model set to " + arg + " for this conversation.", null);
    }

    /** Personalities are the agent profiles (agent/*.md, and the default `hinksbot`), as on /v1. */
    private Reply personality(String arg, Context ctx) {
        String names = String.join(", ", profiles.all().stream().map(AgentProfile::name).toList());
        if (arg.isEmpty()) {
            return new Reply("personality", "Personalities: " + names + ". Use /personality <name>.", null);
        }
        Optional<AgentProfile> profile = profiles.find(arg.toLowerCase(Locale.ROOT));
        if (profile.isEmpty()) {
            return new Reply("personality", "Unknown personality '" + arg + "'. Choose one of: " + names + ".", null);
        }
        chat.openSession(ctx.sessionId());
        sessions.update(ctx.sessionId(), new SessionPatch(null, profile.get().model(), profile.get().systemPrompt(),
                profile.get().toolGroups(), profile.get().maxTurns()));
        return new Reply("personality", "Personality set to " + profile.get().name() + ".", null);
    }

    private Reply retry(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return new Reply("retry", "⏳ Still answering — wait for it to finish or /stop first.", null);
        }
        Optional<StoredMessage> last = messages.deleteLastExchange(ctx.sessionId());
        if (last.isEmpty()) {
            return new Reply("retry", "There is no message to retry yet.", null);
        }
        try {
            guard.submit(ctx.sessionId(), last.get().content(), ctx.busyMode(), new BusyGuard.Sender(ctx.launcher(), ctx.origin()));
        } catch (SessionBusyException e) {
            return new Reply("retry", "⏳ Still answering — wait for it to finish or /stop first.", null);
        }
        return new Reply("retry", "🔁 Retrying your last message.", null);
    }

    private Reply undo(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return new Reply("undo", "⏳ Still answering — /stop first.", null);
        }
        Optional<StoredMessage> last = messages.deleteLastExchange(ctx.sessionId());
        return new Reply("undo", last.isEmpty() ? "Nothing to undo." : "↩️ Removed the last exchange (\"" + preview(last.get().content()) + "\").", null);
    }

    private Reply status(Context ctx) {
        Session s = chat.openSession(ctx.sessionId());
        Optional<ActiveRun> run = chat.active(ctx.sessionId());
        String model = s.model() != null && !s.model().isBlank() ? s.model() : defaultModel == null || defaultModel.isBlank() ? "default" : defaultModel;
        return new Reply("status", "Session: " + s.id() + "\nTitle: " + s.title() + "\nModel: " + model
                + "\nMessages: " + s.messageCount()
                + "\nRunning: " + (run.isPresent() ? "yes (" + run.get().runId() + ")" : "no")
                + "\nWaiting: " + guard.waiting(ctx.sessionId())
                + "\nBusy mode: " + ctx.busyMode(), null);
    }

    private Reply stop(Context ctx) {
        int dropped = guard.clear(ctx.sessionId());
        boolean stopped = chat.cancel(ctx.sessionId());
        if (!stopped && dropped == 0) {
            return new Reply("stop", "Nothing is running.", null);
        }
        return new Reply("stop", "⏹ Stopped." + (dropped > 0 ? " Dropped " + dropped + " waiting message(s)." : ""), null);
    }

    private Reply sethome(Context ctx) {
        if (ctx.isWebSocket()) {
            return new Reply("sethome", "/sethome works in a chat platform (Telegram, Slack, e-mail), not on the WebSocket.", null);
        }
        homes.setHome(ctx.platform(), ctx.origin().chatId(), ctx.origin().threadId());
        return new Reply("sethome", "🏠 This chat is now the " + ctx.platform() + " home channel.", null);
    }

    private Reply compress(Context ctx) {
        if (chat.active(ctx.sessionId()).isPresent()) {
            return new Reply("compress", "⏳ Still answering — wait for it to finish or /stop first.", null);
        }
        if (messages.all(ctx.sessionId()).isEmpty()) {
            return new Reply("compress", "Nothing to compress yet.", null);
        }
        String summary;
        try {
            summary = summarizer.summarize(ctx.sessionId());
        } catch (Exception e) {
            return new Reply("compress", "⚠️ Could not compress: " + e.getMessage(), null);
        }
        String id = ctx.isWebSocket() ? sessions.create(null, null, null, null).id()
                : channelSessions.reset(ctx.sessionKey(), ctx.platform());
        chat.openSession(id);
        messages.append(new StoredMessage(null, id, null, "user", "Summary of our earlier conversation:\n" + summary,
                null, null, null, null, "complete", null, null, null, null, null));
        messages.append(new StoredMessage(null, id, null, "assistant", "Got it — I have the summary and will continue from there.",
                null, null, null, null, "complete", null, null, null, null, null));
        return new Reply("compress", "🗜️ Compressed the conversation into a new session" + (ctx.isWebSocket()
                ? " " + id + ": connect to /ws/chat/" + id + "." : ".") + "\n\n" + summary, id);
    }

    private Reply title(String arg, Context ctx) {
        Session s = chat.openSession(ctx.sessionId());
        if (arg.isEmpty()) {
            return new Reply("title", "Title: " + s.title(), null);
        }
        sessions.update(ctx.sessionId(), SessionPatch.title(arg));
        return new Reply("title", "Title set to \"" + arg + "\".", null);
    }

    private Reply resume(String arg, Context ctx) {
        if (arg.isEmpty()) {
            StringBuilder b = new StringBuilder("Recent sessions (use /resume <title>):");
            sessions.list(1, 5).items().forEach(s -> b.append("\n• ").append(s.title()).append(" (").append(s.id()).append(')'));
            return new Reply("resume", b.toString(), null);
        }
        Optional<Session> found = sessions.findByTitle(arg).or(() -> sessions.find(arg));
        if (found.isEmpty()) {
            return new Reply("resume", "No session is titled \"" + arg + "\".", null);
        }
        String id = found.get().id();
        if (ctx.isWebSocket()) {
            return new Reply("resume", "Session \"" + found.get().title() + "\" is " + id + ": connect to /ws/chat/" + id + ".", id);
        }
        chat.cancel(ctx.sessionId());
        guard.clear(ctx.sessionId());
        channelSessions.bind(ctx.sessionKey(), ctx.platform(), id);
        return new Reply("resume", "▶️ Resumed \"" + found.get().title() + "\".", id);
    }

    private Reply usage(Context ctx) {
        long prompt = 0;
        long completion = 0;
        int count = 0;
        for (StoredMessage m : messages.all(ctx.sessionId())) {
            count++;
            prompt += m.promptTokens() == null ? 0 : m.promptTokens();
            completion += m.completionTokens() == null ? 0 : m.completionTokens();
        }
        return new Reply("usage", "Messages: " + count + "\nPrompt tokens: " + prompt + "\nCompletion tokens: " + completion
                + "\nTotal tokens: " + (prompt + completion), null);
    }

    private Reply insights(String arg) {
        int days;
        try {
            days = arg.isEmpty() ? 7 : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            return new Reply("insights", "Usage: /insights [days], e.g. /insights 30", null);
        }
        days = Math.max(1, Math.min(days, 365));
        Stats s = stats.stats(days);
        long sessionsN = s.daily().stream().mapToLong(Stats.DayCount::sessions).sum();
        long messagesN = s.daily().stream().mapToLong(Stats.DayCount::messages).sum();
        long tools = s.daily().stream().mapToLong(Stats.DayCount::toolCalls).sum();
        long tokens = s.daily().stream().mapToLong(Stats.DayCount::tokens).sum();
        StringBuilder b = new StringBuilder("Last " + days + " day(s): " + sessionsN + " sessions, " + messagesN
                + " messages, " + tools + " tool calls, " + tokens + " tokens.");
        if (!s.topTools().isEmpty()) {
            b.append("\nTop tools: ");
            b.append(String.join(", ", s.topTools().stream().limit(5).map(t -> t.name() + " (" + t.count() + ")").toList()));
        }
        b.append("\nAll time: ").append(s.sessions()).append(" sessions, ").append(s.messages()).append(" messages.");
        return new Reply("insights", b.toString(), null);
    }

    private Reply background(String arg, Context ctx) {
        if (arg.isEmpty()) {
            return new Reply("background", "Usage: /background <prompt>", null);
        }
        String id = "bg_" + LocalTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HHmmss")) + "_"
                + String.format("%06x", RANDOM.nextInt(0x1000000));
        chat.openSession(id);
        sessions.update(id, SessionPatch.title("Background: " + preview(arg)));
        try {
            chat.start(new ChatInput(id, arg, null, null),
                    new PlatformRenderer(ctx.origin(), ctx.replier(), "off", TypingIndicator.NONE, true), null);
        } catch (SessionBusyException e) {
            return new Reply("background", "❌ Background task failed: its session is busy", null);
        }
        return new Reply("background", "🔄 Background task started: \"" + preview(arg) + "\"\nTask ID: " + id, null);
    }

    /** {@code /approve} or {@code /deny}: the session's oldest waiting call, or the request named (a background run's). */
    private Reply decide(String name, String arg, Context ctx) {
        boolean approve = name.equals("approve");
        String requestId = arg.isEmpty() ? approvals.oldest(ctx.sessionId()).map(ApprovalGate.ApprovalRequest::requestId).orElse(null) : arg;
        String by = ctx.origin() == null ? ctx.platform() : ctx.platform() + ":" + ctx.origin().userId();
        Optional<ApprovalGate.ApprovalRequest> answered = requestId == null ? Optional.empty()
                : approvals.resolve(requestId, approve, by);
        if (answered.isEmpty()) {
            return new Reply(name, arg.isEmpty() ? "Nothing is waiting for approval." : "No approval request " + arg + " is waiting.", null);
        }
        return new Reply(name, (approve ? "✅ Approved: " : "🚫 Denied: ") + answered.get().toolName() + " ("
                + answered.get().reason() + ").", null);
    }

    private Reply queue(String arg, Context ctx) {
        if (arg.isEmpty()) {
            return new Reply("queue", "Usage: /queue <message> — it runs after the current answer.", null);
        }
        BusyGuard.Result r = guard.enqueue(ctx.sessionId(), arg, new BusyGuard.Sender(ctx.launcher(), ctx.origin()));
        return switch (r.outcome()) {
            case QUEUE_FULL -> new Reply("queue", "The queue is full (" + r.position() + " waiting). Try again later.", null);
            case STARTED -> new Reply("queue", "▶️ Nothing was running: answering now.", null);
            default -> new Reply("queue", "📥 Queued (position " + r.position() + ").", null);
        };
    }

    private static String preview(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }
}
