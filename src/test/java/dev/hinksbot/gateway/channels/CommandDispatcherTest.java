package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Finding, refusing and running a command from the registry; the commands themselves have their own tests. */
class CommandDispatcherTest {
    final List<String> events = new ArrayList<>();
    final List<String> ran = new ArrayList<>();
    final CommandDispatcher dispatcher = new CommandDispatcher(List.of(
            ChatCommand.of(List.of("new", "reset"), Caller.Role.USER, "start over", (ctx, args) -> {
                ran.add("new " + args);
                return new ChatCommand.Answer("fresh", "sess_2");
            }),
            ChatCommand.of("sethome", Caller.Role.ADMIN, "home", (ctx, args) -> {
                ran.add("sethome");
                return ChatCommand.Answer.of("home set");
            })), (event, data) -> events.add(event + " " + data.get("args")));

    static CommandDispatcher.Context from(Caller.Role role) {
        InboundMessage m = new InboundMessage("telegram", "dm", "111", null, "111", "ann", "/x", "1", true, Instant.now(), Map.of());
        return new CommandDispatcher.Context("telegram", "agent:main:telegram:dm:111", "sess_1", m, text -> { }, null,
                "interrupt", Caller.of(m, role));
    }

    @Test
    void aCommandRunsByAnyOfItsNamesWithItsArgumentsAndBotSuffix() {
        CommandDispatcher.Reply reply = dispatcher.dispatch("/Reset@hinks_bot  keep it short ", from(Caller.Role.USER));

        assertThat(reply).isEqualTo(new CommandDispatcher.Reply("reset", "fresh", "sess_2"));
        assertThat(ran).containsExactly("new keep it short");
        assertThat(events).containsExactly("command:reset keep it short");
    }

    @Test
    void anAdminCommandIsRefusedToAUserWithoutRunning() {
        assertThat(dispatcher.dispatch("/sethome", from(Caller.Role.USER)).text()).isEqualTo("⛔ /sethome is for admins only.");
        assertThat(ran).isEmpty();
        assertThat(dispatcher.dispatch("/sethome", from(Caller.Role.ADMIN)).text()).isEqualTo("home set");
    }

    @Test
    void anUnknownCommandPointsToHelp() {
        assertThat(dispatcher.dispatch("/teleport mars", from(Caller.Role.ADMIN)))
                .isEqualTo(new CommandDispatcher.Reply("teleport", "Unknown command /teleport. Try /help for the list of commands.", null));
        assertThat(events).containsExactly("command:teleport mars");
    }

    @Test
    void twoCommandsWithOneNameAreAWiringMistake() {
        ChatCommand a = ChatCommand.of("stop", Caller.Role.USER, "a", (ctx, args) -> ChatCommand.Answer.of("a"));
        ChatCommand b = ChatCommand.of(List.of("halt", "stop"), Caller.Role.USER, "b", (ctx, args) -> ChatCommand.Answer.of("b"));

        assertThatThrownBy(() -> new CommandDispatcher(List.of(a, b), Hooks.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two commands are named /stop");
    }

    @Test
    void onlyASlashAndANameMakeACommand() {
        assertThat(CommandDispatcher.commandName("/new")).contains("new");
        assertThat(CommandDispatcher.commandName("  /Model@hinks_bot qwen ")).contains("model");
        assertThat(CommandDispatcher.commandName("/background check\nthe servers")).contains("background");
        assertThat(CommandDispatcher.commandName("not /a command")).isEmpty();
        assertThat(CommandDispatcher.commandName("/ spaced")).isEmpty();
        assertThatThrownBy(() -> dispatcher.dispatch("hello", from(Caller.Role.USER))).isInstanceOf(IllegalArgumentException.class);
    }
}
