package dev.hinksbot.gateway.channels.slack;

import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.delivery.DeliveryHeaders;
import dev.hinksbot.gateway.store.OutboxRepository;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code slackOutbound}: prepares an outbox row for {@code slack-socket:chat.postMessage}: the model's Markdown
 * rendered as Slack mrkdwn ({@link SlackMarkdown}) as the body, the checked channel id and thread ts in the
 * component's headers. A malformed channel or thread fails the row permanently (retrying cannot fix it).
 */
public final class SlackOutbound implements Processor {
    @Override
    public void process(Exchange exchange) {
        String channel = exchange.getIn().getHeader(DeliveryHeaders.CHAT_ID, String.class);
        if (!SlackDirectory.isConversationId(channel)) {
            throw new IllegalArgumentException("'" + channel + "' is not a Slack channel id (C…, G… or D…)");
        }
        String thread = exchange.getIn().getHeader(DeliveryHeaders.THREAD_ID, String.class);
        if (thread != null && !thread.isBlank() && !SlackText.isTs(thread)) {
            throw new IllegalArgumentException("'" + thread + "' is not a Slack thread (its first message's ts, e.g. 1712345678.000100)");
        }
        exchange.getIn().setHeader(SlackSocketComponent.CHANNEL, channel);
        exchange.getIn().setHeader(SlackSocketComponent.THREAD, thread == null || thread.isBlank() ? null : thread);
        exchange.getIn().setHeader(SlackSocketComponent.UPDATE_TS, updateTarget(
                exchange.getIn().getHeader(DeliveryHeaders.META, String.class),
                exchange.getIn().getHeader(DeliveryHeaders.PART, Integer.class)));
        exchange.getIn().setBody(SlackMarkdown.render(exchange.getIn().getBody(String.class)));
    }

    /** The streamed draft to replace: only the answer's first part replaces it, later parts are new messages. */
    static String updateTarget(String metaJson, Integer part) {
        if (metaJson == null || metaJson.isBlank() || (part != null && part != 1)) {
            return null;
        }
        try {
            String ts = Json.parse(metaJson).path(SlackDrafts.META_UPDATE).asText("");
            return SlackText.isTs(ts) ? ts : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** True when sending {@code row} again cannot double it: it updates a draft. */
    public static boolean repeatable(OutboxRepository.Row row) {
        return updateTarget(row.meta(), row.part()) != null;
    }

    /** The acknowledgement: the posted message's {@code ts}, Slack's id for it. */
    public static String ack(Exchange exchange) throws DeliveryException {
        String ts = exchange.getMessage().getHeader(SlackSocketComponent.TS, String.class);
        return ts == null ? "ok" : ts;
    }

    public static DeliveryException classify(Throwable error) {
        if (error instanceof IllegalArgumentException e) {
            return new DeliveryException(e.getMessage(), null, true);
        }
        return SlackErrors.classify(error);
    }
}
