package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.ChatCommand.Answer;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.DefaultSettings;
import dev.hinksbot.gateway.chat.DefaultsPatch;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** What answers: /model and /personality, for this conversation or (admins, {@code --global}) the gateway default. */
public final class ProfileCommands {
    private static final String GLOBAL = "--global";
    private static final String RUNNING = "⏳ An answer is running — wait for it to finish or /stop first.";
    private static final String DEFAULT_BUSY = "⏳ Answers are running — the gateway default changes only while none is; try again soon.";

    private final ChatService chat;
    private final SessionRepository sessions;
    private final AgentProfiles profiles;
    private final Function<String, List<String>> availableModels;
    private final DefaultSettings defaults;

    /** {@code availableModels}: the models llama-server lists for a session id, empty when it cannot say. */
    public ProfileCommands(ChatService chat, SessionRepository sessions, AgentProfiles profiles,
                           Function<String, List<String>> availableModels, DefaultSettings defaults) {
        this.chat = chat;
        this.sessions = sessions;
        this.profiles = profiles;
        this.availableModels = availableModels;
        this.defaults = defaults;
    }

    ChatCommand model() {
        return ChatCommand.of("model", Caller.Role.USER,
                "[name] show or change this conversation's model (admins: <name> --global for the gateway default)", this::model);
    }

    ChatCommand personality() {
        return ChatCommand.of("personality", Caller.Role.USER,
                "[name] show or set this conversation's personality (admins: <name> --global)", this::personality);
    }

    /**
     * {@code /model [name] [--global]}: a name must be one llama-server lists or an agent profile (which applies it as
     * {@code /personality} does). Refused while an answer is running: in this conversation, or, for the gateway default
     * (admins only), anywhere.
     */
    private Answer model(Context ctx, String arg) {
        boolean global = hasGlobal(arg);
        String name = withoutGlobal(arg);
        if (name.isEmpty()) {
            Session s = chat.openSession(ctx.sessionId());
            String gatewayDefault = defaults.get().model();
            String current = s.model() != null && !s.model().isBlank() ? s.model()
                    : gatewayDefault == null || gatewayDefault.isBlank() ? "(the model llama-server serves)" : gatewayDefault;
            List<String> models = availableModels.apply(ctx.sessionId());
            return Answer.of("Model: " + current + (models.isEmpty() ? "" : "\nAvailable: " + String.join(", ", models)));
        }
        if (global && !ctx.caller().isAdmin()) {
            return Answer.of("⛔ Only admins change the gateway's default model; /model " + name + " changes this conversation's.");
        }
        Optional<AgentProfile> profile = profiles.find(name.toLowerCase(Locale.ROOT));
        if (profile.isPresent()) {
            return applyProfile(profile.get(), global, ctx);
        }
        List<String> models = availableModels.apply(ctx.sessionId());
        if (models.isEmpty()) {
            return Answer.of("⚠️ llama-server's model list is not available right now, so /model cannot check " + name + "; try again later.");
        }
        if (!models.contains(name)) {
            return Answer.of("Unknown model '" + name + "'. Choose one of: " + String.join(", ", models) + ".");
        }
        if (global) {
            if (chat.activeRuns() > 0) {
                return Answer.of(DEFAULT_BUSY);
            }
            defaults.update(new DefaultsPatch(name, null, null, null, null));
            return Answer.of("Gateway default model set to " + name + ".");
        }
        if (chat.active(ctx.sessionId()).isPresent()) {
            return Answer.of(RUNNING);
        }
        chat.openSession(ctx.sessionId());
        sessions.update(ctx.sessionId(), new SessionPatch(null, name, null, null, null));
        return Answer.of("Model set to " + name + " for this conversation.");
    }

    /** Personalities are the agent profiles (agent/*.md, and the default `hinksbot`), as on /v1. */
    private Answer personality(Context ctx, String arg) {
        boolean global = hasGlobal(arg);
        String name = withoutGlobal(arg);
        String names = String.join(", ", profiles.all().stream().map(AgentProfile::name).toList());
        if (name.isEmpty()) {
            return Answer.of("Personalities: " + names + ". Use /personality <name>.");
        }
        if (global && !ctx.caller().isAdmin()) {
            return Answer.of("⛔ Only admins change the gateway's default personality; /personality " + name
                    + " changes this conversation's.");
        }
        Optional<AgentProfile> profile = profiles.find(name.toLowerCase(Locale.ROOT));
        if (profile.isEmpty()) {
            return Answer.of("Unknown personality '" + name + "'. Choose one of: " + names + ".");
        }
        return applyProfile(profile.get(), global, ctx);
    }

    private Answer applyProfile(AgentProfile profile, boolean global, Context ctx) {
        if (global) {
            if (chat.activeRuns() > 0) {
                return Answer.of(DEFAULT_BUSY);
            }
            defaults.update(new DefaultsPatch(profile.model(), profile.systemPrompt(), null, profile.maxTurns(), null));
            return Answer.of("Gateway default personality set to " + profile.name() + ".");
        }
        if (chat.active(ctx.sessionId()).isPresent()) {
            return Answer.of(RUNNING);
        }
        chat.openSession(ctx.sessionId());
        sessions.update(ctx.sessionId(), new SessionPatch(null, profile.model(), profile.systemPrompt(),
                profile.toolGroups(), profile.maxTurns()));
        return Answer.of("Personality set to " + profile.name() + ".");
    }

    private static boolean hasGlobal(String arg) {
        return List.of(arg.split("\\s+")).contains(GLOBAL);
    }

    private static String withoutGlobal(String arg) {
        return String.join(" ", List.of(arg.split("\\s+")).stream().filter(w -> !w.equals(GLOBAL) && !w.isEmpty()).toList());
    }
}
