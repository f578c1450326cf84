package dev.hinksbot.gateway.web.api.view;

import java.util.List;

/**
 * Outgoing messages, with how many are pending, failed, and unknown (sent while the gateway stopped or crashed: the
 * platform may or may not have it; never sent again on its own).
 */
public record OutboxList(List<OutboxMessage> items, long pending, long failed, long unknown) {
}
