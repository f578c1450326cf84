package dev.hinksbot.gateway.channels.slack;

/** Who the bot is on Slack, from {@code auth.test}: its user id (what mentions name) and its bot id. */
public record SlackIdentity(String userId, String botId) {
    /** A mention of the bot in message text: {@code <@U123>} or {@code <@U123|name>}. */
    public String mentionPattern() {
        return "<@" + java.util.regex.Pattern.quote(userId) + "(\\|[^>]*)?>";
    }
}
