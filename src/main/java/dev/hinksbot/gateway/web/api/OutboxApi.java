package dev.hinksbot.gateway.web.api;

import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.OutboxList;
import dev.hinksbot.gateway.web.api.view.OutboxMessage;
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
        Requests.json(exchange, new OutboxList(outbox.list(status, limit).stream().map(OutboxApi::view).toList(),
                outbox.count(OutboxRepository.PENDING), outbox.count(OutboxRepository.FAILED), outbox.count(OutboxRepository.UNKNOWN)));
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

    static OutboxMessage view(OutboxRepository.Row r) {
        return new OutboxMessage(r.id(), r.platform(), r.chatId(), r.threadId(), r.status(), r.part(), r.parts(), r.attempts(),
                r.text(), r.lastError(), r.ackId(), Views.time(r.createdAt()), Views.time(r.nextAttemptAt()), Views.time(r.deliveredAt()));
    }
}
