package dev.hinksbot.gateway.channels.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.ChatCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/commands.md lists exactly the registry's commands: a command added, renamed or re-roled fails here until the doc follows. */
class CommandsDocTest {
    static final String BEGIN = "<!-- generated from ChatCommands.standard by CommandsDocTest: edit the commands, not this table -->";
    static final String END = "<!-- end of generated table -->";

    /** One table row per command: its names, the least role and its /help line, escaped for Markdown. */
    static String table() {
        return "| Command | Who | What it does |\n|---------|-----|--------------|\n" + HelpCommandTest.standard().stream()
                .map(c -> "| " + c.names().stream().map(n -> "`/" + n + "`").collect(Collectors.joining(", ")) + " | "
                        + c.role().label() + " | " + escape(c.help()) + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }

    @Test
    void theDocsTableIsTheRegistry() throws Exception {
        String doc = Files.readString(Path.of("docs/commands.md"));
        assertThat(doc).contains(BEGIN, END);
        String section = doc.substring(doc.indexOf(BEGIN) + BEGIN.length(), doc.indexOf(END)).strip() + "\n";

        assertThat(section).as("docs/commands.md's table; replace it with the expected text").isEqualTo(table());
    }

    @Test
    void everyCommandHasAHelpLine() {
        assertThat(HelpCommandTest.standard()).allSatisfy(c -> {
            assertThat(c.help()).isNotBlank().doesNotContain("\n");
            assertThat(c.names()).allMatch(n -> n.matches("[a-z][a-z_-]*"));
        });
        assertThat(HelpCommandTest.standard()).extracting(ChatCommand::role).doesNotContainNull();
    }
}
