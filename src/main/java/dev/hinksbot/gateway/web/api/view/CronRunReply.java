package dev.hinksbot.gateway.web.api.view;

/** A run just started ("run now", 202) in the /api/gui envelope. */
public record CronRunReply(boolean ok, CronRunView data) {
}
