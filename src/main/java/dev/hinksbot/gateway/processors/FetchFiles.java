package dev.hinksbot.gateway.processors;

import dev.hinksbot.gateway.channels.Attachments;
import dev.hinksbot.gateway.channels.ChatRuns;
import dev.hinksbot.gateway.chat.InboundMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Bean {@code fetchFiles}, the step of {@code direct:inbound} after {@code authorize}: the files a message brought
 * (header {@link Attachments#HEADER}, set by the channel's inbound bean) are downloaded and saved only now, once the
 * sender may chat and the message is for the bot, so a stranger's or a bystander's file never reaches the disk. The
 * body becomes the message naming its saved files. A message answered with a notice instead (a voice note, a photo the
 * model cannot see, a file too large) stops here.
 */
public final class FetchFiles implements Processor {
    private final ChatRuns runs;

    public FetchFiles(ChatRuns runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        InboundMessage m = InboundBodies.message(exchange);
        if (!m.isDirect() && !m.addressed()) {
            return; // not for the bot: resolveSession stops it, nothing is fetched
        }
        Attachments files = exchange.getIn().getHeader(Attachments.HEADER, Attachments.class);
        if (files != null) {
            m = files.fetch(m);
            exchange.getIn().removeHeader(Attachments.HEADER);
            exchange.getIn().setBody(m);
        }
        String notice = m.meta().get(Attachments.META_NOTICE);
        if (notice != null && !notice.isBlank()) {
            runs.replier(m).send(notice);
            exchange.setRouteStop(true);
        }
    }
}
