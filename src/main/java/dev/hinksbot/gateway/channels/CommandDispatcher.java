package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatInput;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.chat.DefaultsPatch;
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

    /** A command: its name, the least role that may use it, and its line in /help. */
    public record Spec(String name, Caller.Role role, String help) {
    }

    /** Every command, in /help order. A user's /help lists the USER ones; a command's finer limits are in its line. */
    public static final List<Spec> COMMANDS = List.of(
            new Spec("new", Caller.Role.USER, "start a fresh conversation (also /reset)"),
            new Spec("model", Caller.Role.USER, "[name] show or change this conversation's model (admins: <name> --global for the gateway default)"),
            new Spec("personality", Caller.Role.USER, "[name] show or set this conversation's personality (admins: <name> --global)"),
            new Spec("retry", Caller.Role.USER, "answer the last message again"),
            new Spec("undo", Caller.Role.USER, "remove the last exchange"),
            new Spec("status", Caller.Role.USER, "show this session's info"),
            new Spec("stop", Caller.Role.USER, "stop the running answer"),
            new Spec("sethome", Caller.Role.ADMIN, "make this chat the platform's home channel"),
            new Spec("compress", Caller.Role.USER, "summarize the conversation into a fresh session"),
            new Spec("title", Caller.Role.USER, "[name] show or set the session title"),
            new Spec("resume", Caller.Role.USER, "[name] continue one of your sessions"),
            new Spec("usage", Caller.Role.USER, "token usage of this session"),
            new Spec("insights", Caller.Role.USER, "[days] your usage insights (admins: the whole gateway's)"),
            new Spec("background", Caller.Role.USER, "<prompt> run a prompt in a separate background session"),
            new Spec("queue", Caller.Role.USER, "<prompt> queue a message after the running answer"),
            new Spec("approve", Caller.Role.USER, "[request id] run the command waiting for your approval"),
            new Spec("deny", Caller.Role.USER, "[request id] refuse the command waiting for your approval"),
            new Spec("cron", Caller.Role.USER, "[list | add <schedule> | <prompt> | pause|resume|run|rm|runs <id>] your scheduled jobs (admins: all jobs)"),
            new Spec("pair", Caller.Role.ADMIN, "get a one-time code that pairs a new user who sends it to me in a DM"),
            new Spec("pairing", Caller.Role.ADMIN, "list | approve <code> | revoke <platform:user> pairing requests and paired users"),
            new Spec("help", Caller.Role.USER, "show the commands you may use"));

    private static final Map<String, Spec> BY_NAME;

    static {
        Map<String, Spec> m = new LinkedHashMap<>();
        COMMANDS.forEach(c -> m.put(c.name(), c));
        m.put("reset", m.get("new"));
        BY_NAME = Map.copyOf(m);
    }

    /**
     * Where a command was sent from and by whom. {@code sessionKey} and {@code origin} are null on the WebSocket,
     * whose caller is {@link Caller#WEB}.
     */
    public record Context(String platform, String sessionKey, String sessionId, InboundMessage origin, Replier replier,
                          RunLauncher launcher, String busyMode, Caller caller) {
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
    private final AgentProfiles profiles;
    private final Function<String, List<String>> availableModels;
    private final PendingApprovals approvals;
    private final CronChatCommand cron;
    private final DefaultSettings defaults;
    private final PairingService pairing;

    public CommandDispatcher(ChatService chat, SessionRepository sessions, MessageRepository messages, StatsRepository stats,
                             ChannelSessions channelSessions, ChannelSessionRepository homes, BusyGuard guard,
                             Summarizer summarizer, Hooks hooks, AgentProfiles profiles,
                             Function<String, List<String>> availableModels, PendingApprovals approvals,
                             CronChatCommand cron, DefaultSettings defaults, PairingService pairing) {
        this.defaults = defaults;
        this.pairing = pairing;
        this.chat = chat;
        this.sessions = sessions;
        this.messages = messages;
        this.stats = stats;
        this.channelSessions = channelSessions;
        this.homes = homes;
        this.guard = guard;
        this.summarizer = summarizer;
        this.hooks = hooks;
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
        Spec spec = BY_NAME.get(name);
        if (spec != null && spec.role() == Caller.Role.ADMIN && !ctx.caller().isAdmin()) {
            return new Reply(name, "⛔ /" + name + " is for admins only.", null);
        }
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
            case "insights" -> insights(arg, ctx);
            case "background" -> background(arg, ctx);
            case "queue" -> queue(arg, ctx);
            case "approve", "deny" -> decide(name, arg, ctx);
            case "cron" -> new Reply("cron", cron.handle(arg, ctx.origin() == null ? null : ctx.origin().originTarget(),
                    ctx.caller().userKey(), ctx.caller().isAdmin()), null);
            case "pair" -> pair(ctx);
            case "pairing" -> pairing(arg, ctx);
            case "help" -> new Reply("help", help(ctx.caller().role()), null);
            default -> new Reply(name, "Unknown command /" + name + ". Try /help for the list of commands.", null);
        };
    }

    /** The commands {@code role} may use, each with the role it needs. */
    public static String help(Caller.Role role) {
        StringBuilder b = new StringBuilder("Commands (you are " + (role == Caller.Role.ADMIN ? "an admin" : "a user") + "):\n");
        for (Spec c : COMMANDS) {
            if (c.role() == Caller.Role.USER || role == Caller.Role.ADMIN) {
                b.append('/').append(c.name()).append(" (").append(c.role().label()).append(") — ").append(c.help()).append('\n');
            }
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
        id = channelSessions.reset(ctx.sessionKey(), ctx.platform(), ctx.caller().owner());
        return new Reply(name, "✨ Started a new conversation.", id);
    }

    private static final String GLOBAL = "--global";
    private static final String RUNNING = "⏳ An answer is running — wait for it to finish or /stop first.";

    /**
     * {@code /model [name] [--global]}: a name must be one llama-server lists or an agent profile (which applies it as
     * {@code /personality} does). Refused while an answer is running: in this conversation, or, for the gateway default
     * (admins only), anywhere.
     */
    private Reply model(String arg, Context ctx) {
        boolean global = hasGlobal(arg);
        String name = withoutGlobal(arg);
        if (name.isEmpty()) {
            Session s = chat.openSession(ctx.sessionId());
            String gatewayDefault = defaults.get().model();
            String current = s.model() != null && !s.model().isBlank() ? s.model()
                    : gatewayDefault == null || gatewayDefault.isBlank() ? "(the model llama-server serves)" : gatewayDefault;
            List<String> models = availableModels.apply(ctx.sessionId());
            return new Reply("model", "Model: " + current + (models.isEmpty() ? "" : "\nAvailable: " + String.join(", ", models)), null);
        }
        if (global && !ctx.caller().isAdmin()) {
            return new Reply("model", "⛔ Only admins change the gateway's default model; /model " + name + " changes this conversation's.", null);
        }
        Optional<AgentProfile> profile = profiles.find(name.toLowerCase(Locale.ROOT));
        if (profile.isPresent()) {
            return applyProfile("model", profile.get(), global, ctx);
        }
        List<String> models = availableModels.apply(ctx.sessionId());
        if (models.isEmpty()) {
            return new Reply("model", "⚠️ llama-server's model list is not available right now, so /model cannot check " + name + "; try again later.", null);
        }
        if (!models.contains(name)) {
            return new Reply("model", "Unknown model '" + name + "'. Choose one of: " + String.join(", ", models) + ".", null);
        }
        if (global) {
            if (chat.activeRuns() > 0) {
                return new Reply("model", "⏳ Answers are running — the gateway default changes only while none is; try again soon.", null);
            }
            defaults.update(new DefaultsPatch(name, null, null, null, null));
            return new Reply("model", "Gateway default model set to " + name + ".", null);
        }
        if (chat.active(ctx.sessionId()).isPresent()) {
            return new Reply("model", RUNNING, null);
        }
        chat.openSession(ctx.sessionId());
        sessions.update(ctx.sessionId(), new SessionPatch(null, name, null, null, null));
        return new Reply("model", "Model set to " + name + " for this conversation.", null);
    }

    /** Personalities are the agent profiles (agent/*.md, and the default `hinksbot`), as on /v1. */
    private Reply personality(String arg, Context ctx) {
        boolean global = hasGlobal(arg);
        String name = withoutGlobal(arg);
        String names = String.join(", ", profiles.all().stream().map(AgentProfile::name).toList());
        if (name.isEmpty()) {
            return new Reply("personality", "Personalities: " + names + ". Use /personality <name>.", null);
        }
        if (global && !ctx.caller().isAdmin()) {
            return new Reply("personality", "⛔ Only admins change the gateway's default personality; /personality " + name
                    + " changes this conversation's.", null);
        }
        Optional<AgentProfile> profile = profiles.find(name.toLowerCase(Locale.ROOT));
        if (profile.isEmpty()) {
            return new Reply("personality", "Unknown personality '" + name + "'. Choose one of: " + names + ".", null);
        }
        return applyProfile("personality", profile.get(), global, ctx);
    }

    private Reply applyProfile(String command, AgentProfile profile, boolean global, Context ctx) {
        if (global) {
            if (chat.activeRuns() > 0) {
                return new Reply(command, "⏳ Answers are running — the gateway default changes only while none is; try again soon.", null);
            }
            defaults.update(new DefaultsPatch(profile.model(), profile.systemPrompt(), null, profile.maxTurns(), null));
            return new Reply(command, "Gateway default personality set to " + profile.name() + ".", null);
        }
        if (chat.active(ctx.sessionId()).isPresent()) {
            return new Reply(command, RUNNING, null);
        }
        chat.openSession(ctx.sessionId());
        sessions.update(ctx.sessionId(), new SessionPatch(null, profile.model(), profile.systemPrompt(),
                profile.toolGroups(), profile.maxTurns()));
        return new Reply(command, "Personality set to " + profile.name() + ".", null);
    }

    private static boolean hasGlobal(String arg) {
        return List.of(arg.split("\\s+")).contains(GLOBAL);
    }

    private static String withoutGlobal(String arg) {
        return String.join(" ", List.of(arg.split("\\s+")).stream().filter(w -> !w.equals(GLOBAL) && !w.isEmpty()).toList());
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
        String gatewayDefault = defaults.get().model();
        String model = s.model() != null && !s.model().isBlank() ? s.model()
                : gatewayDefault == null || gatewayDefault.isBlank() ? "default" : gatewayDefault;
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
                : channelSessions.reset(ctx.sessionKey(), ctx.platform(), ctx.caller().owner());
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

    /** Lists and resumes only the caller's sessions (see {@link Caller#sessions()}). */
    private Reply resume(String arg, Context ctx) {
        if (arg.isEmpty()) {
            List<Session> mine = sessions.recent(ctx.caller().sessions(), 5);
            if (mine.isEmpty()) {
                return new Reply("resume", "You have no sessions yet.", null);
            }
            StringBuilder b = new StringBuilder("Your recent sessions (use /resume <title>):");
            mine.forEach(s -> b.append("\n• ").append(s.title()).append(" (").append(s.id()).append(')'));
            return new Reply("resume", b.toString(), null);
        }
        Optional<Session> found = sessions.findByTitleOrId(arg, ctx.caller().sessions());
        if (found.isEmpty()) {
            return new Reply("resume", "You have no session titled \"" + arg + "\".", null);
        }
        String id = found.get().id();
        if (ctx.isWebSocket()) {
            return new Reply("resume", "Session \"" + found.get().title() + "\" is " + id + ": connect to /ws/chat/" + id + ".", id);
        }
        chat.cancel(ctx.sessionId());
        guard.clear(ctx.sessionId());
        channelSessions.bind(ctx.sessionKey(), ctx.platform(), id, ctx.caller().owner());
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

    /** A user's insights cover their own sessions; an admin's the whole gateway. */
    private Reply insights(String arg, Context ctx) {
        int days;
        try {
            days = arg.isEmpty() ? 7 : Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            return new Reply("insights", "Usage: /insights [days], e.g. /insights 30", null);
        }
        days = Math.max(1, Math.min(days, 365));
        if (!ctx.caller().isAdmin()) {
            StatsRepository.ScopedStats own = stats.stats(days, ctx.caller().sessions());
            return new Reply("insights", "Your last " + own.days() + " day(s): " + own.sessions() + " sessions, " + own.messages()
                    + " messages, " + own.toolCalls() + " tool calls, " + own.tokens() + " tokens.\nAll time: "
                    + own.allSessions() + " sessions, " + own.allMessages() + " messages.", null);
        }
        Stats s = stats.stats(days);
        long sessionsN = s.daily().stream().mapToLong(Stats.DayCount::sessions).sum();
        long messagesN = s.daily().stream().mapToLong(Stats.DayCount::messages).sum();
        long tools = s.daily().stream().mapToLong(Stats.DayCount::toolCalls).sum();
        long tokens = s.daily().stream().mapToLong(Stats.DayCount::tokens).sum();
        StringBuilder b = new StringBuilder("Gateway, last " + days + " day(s): " + sessionsN + " sessions, " + messagesN
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
        if (ctx.caller().owner() != null) {
            sessions.claim(id, ctx.caller().owner());
        }
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
        // a request named by id must be one of the caller's own sessions'
        String requestId = arg.isEmpty() ? approvals.oldest(ctx.sessionId()).map(ApprovalGate.ApprovalRequest::requestId).orElse(null)
                : approvals.find(arg).filter(r -> ctx.caller().sessions().includes(sessions.ownerOf(r.sessionId()).orElse(null)))
                        .map(ApprovalGate.ApprovalRequest::requestId).orElse(null);
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

    private Reply pair(Context ctx) {
        if (ctx.isWebSocket()) {
            return new Reply("pair", "/pair works in a chat platform (Telegram, Slack, e-mail): the code pairs a user of that platform.", null);
        }
        return new Reply("pair", pairing.invite(ctx.platform(), ctx.caller().userKey()).message(), null);
    }

    /** {@code /pairing list | approve <code> | revoke [platform:]<user>}: what the CLI's pairing commands do, in chat. */
    private Reply pairing(String arg, Context ctx) {
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
                return new Reply("pairing", b.toString(), null);
            }
            case "approve" -> {
                if (words.length < 2) {
                    return new Reply("pairing", "Usage: /pairing approve <code>", null);
                }
                PairingService.Approval a = pairing.approve(null, words[1]);
                return new Reply("pairing", a.outcome() == PairingService.ApprovalOutcome.APPROVED
                        ? "✅ Approved " + a.platform() + " user " + a.userId() + (a.userName() == null ? "" : " (" + a.userName() + ")") + "."
                        : "No pending pairing code " + words[1] + " (wrong, expired or already used).", null);
            }
            case "revoke" -> {
                if (words.length < 2) {
                    return new Reply("pairing", "Usage: /pairing revoke <platform:user> (or <user> on this platform)", null);
                }
                int colon = words[1].indexOf(':');
                String platform = colon > 0 ? words[1].substring(0, colon) : ctx.platform();
                String user = colon > 0 ? words[1].substring(colon + 1) : words[1];
                return new Reply("pairing", pairing.revoke(platform, user) ? "Revoked " + platform + " user " + user + "."
                        : platform + " user " + user + " is not paired.", null);
            }
            default -> {
                return new Reply("pairing", "Usage: /pairing list | approve <code> | revoke <platform:user>", null);
            }
        }
    }

    private static String preview(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() > 40 ? t.substring(0, 40) + "…" : t;
    }
}
