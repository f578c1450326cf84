package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.InboundMessage;
import dev.hinksbot.gateway.common.Ids;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import dev.hinksbot.gateway.store.ChannelSessionRepository.Binding;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a chat platform conversation (its session key) to the gateway session it currently talks to, applying the
 * platform's reset policy: a due reset starts a new session (unless a run is still going) and the user is told once.
 */
public final class ChannelSessions {
    /** The session for a message; {@code wasReset}: an automatic reset happened that the user has not been told about. */
    public record Resolved(String sessionKey, String sessionId, boolean wasReset) {
    }

    private final ChannelSessionRepository repo;
    private final ChatService chat;
    private final Map<String, ResetPolicy> policies;
    private final boolean perUserInGroups;
    private final Hooks hooks;
    private final Clock clock;

    public ChannelSessions(ChannelSessionRepository repo, ChatService chat, Map<String, ResetPolicy> policies,
                           boolean perUserInGroups, Hooks hooks, Clock clock) {
        this.repo = repo;
        this.chat = chat;
        this.policies = policies;
        this.perUserInGroups = perUserInGroups;
        this.hooks = hooks;
        this.clock = clock;
    }

    public String keyOf(InboundMessage m) {
        return SessionKeys.of(m, perUserInGroups);
    }

    public synchronized Resolved resolve(InboundMessage m) {
        String key = keyOf(m);
        Optional<Binding> found = repo.find(key);
        if (found.isEmpty()) {
            Binding b = repo.bind(key, Ids.next("sess"), m.platform(), false, Caller.ownerOf(m));
            hooks.publish("session:start", Map.of("session_key", key, "session_id", b.sessionId(), "platform", m.platform()));
            return new Resolved(key, b.sessionId(), false);
        }
        Binding b = found.get();
        ResetPolicy policy = policies.get(m.platform());
        if (policy != null && policy.isDue(b.lastActiveAt(), clock.instant()) && chat.active(b.sessionId()).isEmpty()) {
            Binding fresh = repo.bind(key, Ids.next("sess"), m.platform(), true, Caller.ownerOf(m));
            hooks.publish("session:end", Map.of("session_key", key, "session_id", b.sessionId(), "platform", m.platform(),
                    "reason", "policy"));
            hooks.publish("session:start", Map.of("session_key", key, "session_id", fresh.sessionId(), "platform", m.platform()));
            return new Resolved(key, fresh.sessionId(), true);
        }
        return new Resolved(key, b.sessionId(), b.resetPending());
    }

    /** Records activity (and that the user has been told about a reset). */
    public void touch(String sessionKey) {
        repo.touch(sessionKey);
    }

    /** {@code /new}: binds the key to a fresh session of {@code owner}; returns its id. */
    public synchronized String reset(String sessionKey, String platform, String owner) {
        Optional<Binding> old = repo.find(sessionKey);
        Binding fresh = repo.bind(sessionKey, Ids.next("sess"), platform, false, owner);
        old.ifPresent(b -> hooks.publish("session:end", Map.of("session_key", sessionKey, "session_id", b.sessionId(),
                "platform", platform, "reason", "reset")));
        hooks.publish("session:reset", Map.of("session_key", sessionKey, "session_id", fresh.sessionId(), "platform", platform));
        return fresh.sessionId();
    }

    /** {@code /resume}: binds the key to an existing session (the caller checked that it may). */
    public synchronized void bind(String sessionKey, String platform, String sessionId, String owner) {
        repo.bind(sessionKey, sessionId, platform, false, owner);
    }
}
