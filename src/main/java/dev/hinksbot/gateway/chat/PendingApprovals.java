package dev.hinksbot.gateway.chat;

import dev.hinksbot.gateway.agent.ApprovalGate;
import dev.hinksbot.gateway.common.Durations;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval gate of attended runs (WebSocket and chat platforms): tool calls waiting for a human, answered with
 * {@code /approve} / {@code /deny} or a WebSocket `approval` frame. Unanswered requests are denied after the timeout,
 * so a forgotten question never holds a run forever. Requests live only as long as their run waits for them.
 */
public final class PendingApprovals implements ApprovalGate {
    private static final Logger LOG = LoggerFactory.getLogger("hinksbot.approvals");

    private record Pending(ApprovalRequest request, long order, CompletableFuture<Decision> decision) {
    }

    private final Duration timeout;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong order = new AtomicLong();

    public PendingApprovals(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Decision> ask(ApprovalRequest request) {
        CompletableFuture<Decision> decision = new CompletableFuture<Decision>()
                .completeOnTimeout(Decision.deny("no one approved it within " + Durations.human(timeout)),
                        timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(request.requestId(), new Pending(request, order.incrementAndGet(), decision));
        decision.whenComplete((d, e) -> pending.remove(request.requestId()));
        LOG.info("approval requested id={} session={} tool={} reason={}", request.requestId(), request.sessionId(),
                request.toolName(), request.reason());
        return decision;
    }

    /** Answers the request with this id; empty when nothing with that id waits. */
    public Optional<ApprovalRequest> resolve(String requestId, boolean approved, String by) {
        Pending p = requestId == null ? null : pending.get(requestId);
        if (p == null) {
            return Optional.empty();
        }
        boolean answered = p.decision().complete(approved ? Decision.allow() : Decision.deny("denied by " + by));
        if (answered) {
            LOG.info("approval {} id={} session={} by={}", approved ? "granted" : "denied", requestId,
                    p.request().sessionId(), by);
        }
        return answered ? Optional.of(p.request()) : Optional.empty();
    }

    /** The waiting request with this id, unanswered. */
    public Optional<ApprovalRequest> find(String requestId) {
        Pending p = requestId == null ? null : pending.get(requestId);
        return p == null ? Optional.empty() : Optional.of(p.request());
    }

    /** The session's oldest waiting request (what a bare {@code /approve} answers). */
    public Optional<ApprovalRequest> oldest(String sessionId) {
        return pending.values().stream()
                .filter(p -> sessionId != null && sessionId.equals(p.request().sessionId()))
                .min(Comparator.comparingLong(Pending::order))
                .map(Pending::request);
    }
}
