package dev.hinksbot.gateway.channels.commands;

import dev.hinksbot.gateway.channels.Caller;
import dev.hinksbot.gateway.channels.ChatCommand;
import dev.hinksbot.gateway.channels.CommandDispatcher.Context;
import dev.hinksbot.gateway.store.ChannelSessionRepository;
import java.util.List;

/** {@code /sethome}: this chat becomes its platform's home channel, where deliveries to the bare platform name go. */
public final class HomeCommand implements ChatCommand {
    private final ChannelSessionRepository homes;

    public HomeCommand(ChannelSessionRepository homes) {
        this.homes = homes;
    }

    @Override
    public List<String> names() {
        return List.of("sethome");
    }

    @Override
    public Caller.Role role() {
        return Caller.Role.ADMIN;
    }

    @Override
    public String help() {
        return "make this chat the platform's home channel";
    }

    @Override
    public Answer run(Context ctx, String args) {
        if (ctx.isWebSocket()) {
            return Answer.of("/sethome works in a chat platform (Telegram, Slack, e-mail), not on the WebSocket.");
        }
        homes.setHome(ctx.platform(), ctx.origin().chatId(), ctx.origin().threadId());
        return Answer.of("🏠 This chat is now the " + ctx.platform() + " home channel.");
    }
}
