package dev.hinksbot.gateway.channels.telegram;

import dev.hinksbot.gateway.channels.IntakeKeys;
import dev.hinksbot.gateway.channels.PollerLeases;
import dev.hinksbot.gateway.store.InboundKey;
import dev.hinksbot.gateway.store.InboundKeyRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import java.time.Duration;
import java.util.OptionalLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.telegram.TelegramConfiguration;
import org.apache.camel.component.telegram.TelegramEndpoint;
import org.apache.camel.component.telegram.model.Update;
import org.apache.camel.component.telegram.util.TelegramMessageHelper;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Polls getUpdates like camel-telegram's consumer (through {@link TelegramBotApi}, so the raw update, with what
 * camel-telegram's model drops such as {@code message_thread_id}, travels in header {@link TelegramInbound#RAW_UPDATE}
 * beside camel-telegram's usual body), with two differences that make intake exactly-once:
 * <ul>
 *   <li>The offset passes an update only after its exchange completed, i.e. after the message (or its waiting row)
 *       and its inbound key are committed. camel-telegram advances past a whole batch even when an exchange failed,
 *       which confirms to Telegram a message that was never stored. Here a failed update stops the batch and is asked
 *       for again on the next poll; after {@value #MAX_TRIES} failures in a row it is given up (logged), so one bad
 *       update cannot block the bot.</li>
 *   <li>After a restart the first poll starts at the last stored update_id + 1 (from {@code inbound_keys}), so
 *       Telegram forgets what is stored instead of sending it all again. What it does send again is dropped by the
 *       route's idempotent consumer, by key.</li>
 * </ul>
 * Each exchange carries its key {@code telegram:<bot id>:<update_id>} in header {@link IntakeKeys#HEADER}; the bot id
 * is the token's public part before the colon (never the secret).
 */
final class ConfirmingTelegramConsumer extends ScheduledPollConsumer {
    static final int MAX_TRIES = 3;

    /** camel-telegram's model classes, read from the raw update for routes that use camel-telegram's body. */
    private static final ObjectMapper MODEL = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TelegramEndpoint endpoint;
    private final TelegramBotApi api;
    private final InboundKeyRepository keys;
    private final PollerLeases leases;
    private final String bot;
    private Long offset; // poll thread only
    private long failingUpdate = Long.MIN_VALUE;
    private int failures;

    ConfirmingTelegramConsumer(TelegramEndpoint endpoint, Processor processor, InboundKeyRepository keys, PollerLeases leases) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.keys = keys;
        this.leases = leases;
        String token = endpoint.getConfiguration().getAuthorizationToken();
        this.api = new TelegramBotApi(endpoint.getConfiguration().getBaseUri(), token == null ? "" : token);
        this.bot = token == null || token.indexOf(':') <= 0 ? "bot" : token.substring(0, token.indexOf(':'));
    }

    @Override
    protected int poll() throws Exception {
        if (!leases.mayPoll(InboundKey.telegram(bot, 0).source())) {
            offset = null; // another gateway confirms updates meanwhile: start again from what is stored
            return 0;
        }
        if (offset == null) {
            OptionalLong last = keys.lastSeq(InboundKey.telegram(bot, 0).source());
            offset = last.isPresent() ? last.getAsLong() + 1 : null;
        }
        TelegramConfiguration config = endpoint.getConfiguration();
        ObjectNode request = Json.object().put("limit", config.getLimit()).put("timeout", config.getTimeout());
        if (offset != null) {
            request.put("offset", offset);
        }
        JsonNode updates = api.call("getUpdates", request, Duration.ofSeconds(config.getTimeout() + 15L));
        int taken = 0;
        for (JsonNode raw : updates) {
            if (!isRunAllowed() || !raw.path("update_id").canConvertToLong()) {
                break; // stopping: what is left stays unconfirmed and comes again after the restart
            }
            long id = raw.path("update_id").asLong();
            Exchange exchange = createExchange(true);
            try {
                TelegramMessageHelper.populateExchange(exchange, MODEL.treeToValue(raw, Update.class));
            } catch (JsonProcessingException e) {
                exchange.getMessage().setBody(null); // camel-telegram's model cannot hold it: the raw update still can
            }
            exchange.getMessage().setHeader(TelegramInbound.RAW_UPDATE, raw);
            exchange.getMessage().setHeader(IntakeKeys.HEADER, InboundKey.telegram(bot, id).value());
            getProcessor().process(exchange);
            if (exchange.getException() != null && !giveUp(id, exchange)) {
                break;
            }
            offset = id + 1;
            taken++;
        }
        return taken;
    }

    /** True when the failed update {@code id} has failed too often and is skipped. */
    private boolean giveUp(long id, Exchange exchange) {
        failures = id == failingUpdate ? failures + 1 : 1;
        failingUpdate = id;
        boolean skip = failures >= MAX_TRIES;
        getExceptionHandler().handleException("Telegram update " + id + (skip ? " failed " + failures + " times and is skipped"
                : " failed (try " + failures + " of " + MAX_TRIES + "); it is taken again at the next poll"), exchange, exchange.getException());
        return skip;
    }
}
