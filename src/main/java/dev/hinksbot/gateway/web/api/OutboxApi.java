package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.web.ApiException;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * {@code /api/v1/outbox}: outgoing chat platform messages and their delivery state; failed and unknown rows can be
 * retried (an unknown one may then reach its chat twice: the operator decides).
 */
public final class OutboxApi {
    private static final Set<String> STATUSES = OutboxRepository.STATUSES;
    private final OutboxRepository outbox;

    public OutboxApi(OutboxRepository outbox) {
        this.outbox = outbox;
    }

    public void list(Exchange exchange) {
        String status = Requests.stringParam(exchange, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("invalid_parameter", "'status' must be pending, sending, delivered, failed or unknown");
        }
        int limit = Requests.intParam(exchange, "limit", 50, 1, 500);
        ArrayNode items = Json.MAPPER.createArrayNode();
        outbox.list(status, limit).forEach(r -> items.add(view(r)));
        ObjectNode body = Json.object();
        body.set("items", items);
        body.put("pending", outbox.count(OutboxRepository.PENDING));
        body.put("failed", outbox.count(OutboxRepository.FAILED));
        // sent while the gateway stopped or crashed: the platform may or may not have it; never sent again on its own
        body.put("unknown", outbox.count(OutboxRepository.UNKNOWN));
        Requests.json(exchange, body);
    }

    public void retry(Exchange exchange) {
        String id = Requests.pathParam(exchange, "id");
        if (outbox.find(id).isEmpty()) {
            throw ApiException.notFound("outbox message", id);
        }
        if (!outbox.retry(id)) {
            throw ApiException.badRequest("invalid_state", "only a failed or unknown message can be retried");
        }
        Requests.json(exchange, view(outbox.find(id).orElseThrow()));
    }

    static ObjectNode view(OutboxRepository.Row r) {
        ObjectNode n = Json.object();
        n.put("id", r.id());
        n.put("platform", r.platform());
        n.put("chat_id", r.chatId());
        n.put("thread_id", r.threadId());
        n.put("status", r.status());
        n.put("part", r.part());
        n.put("parts", r.parts());
        n.put("attempts", r.attempts());
        n.put("text", r.text());
        n.put("last_error", r.lastError());
        n.put("ack_id", r.ackId());
        n.put("created_at", r.createdAt() == null ? null : r.createdAt().toString());
        n.put("next_attempt_at", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
        n.put("delivered_at", r.deliveredAt() == null ? null : r.deliveredAt().toString());
        return n;
    }
}
