package dev.hinksbot.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.config.ConfigKeys;
import dev.hinksbot.gateway.config.GatewayHome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code config keys}: every key of the shipped config file with its default and comment; never a home's values. */
class ConfigCommandTest {
    @TempDir
    Path home;

    @AfterEach
    void forgetHome() {
        System.clearProperty(GatewayHome.PROPERTY); // --home sets it, as -Dhinksbot.home would
    }

    @Test
    void printsEveryKeyWithItsDefaultAndItsComment() {
        String out = run("config", "keys");
        for (ConfigKeys.Key key : ConfigKeys.shipped().keys()) {
            assertThat(out).as(key.name()).contains(key.name() + "=" + key.defaultValue() + "\n");
        }
        assertThat(out).contains("gateway.telegram.poll-delay=500ms\n    pause between getUpdates long polls\n");
        assertThat(out).contains("gateway.defaults.system-prompt=You are HinksBot, a helpful AI assistant");
    }

    @Test
    void markdownIsATableRowPerKey() {
        String out = run("config", "keys", "--markdown");
        assertThat(out).startsWith("| key | default | meaning |\n|---|---|---|\n");
        assertThat(out).contains("| `gateway.api.key` | empty | when set, every API and the WebSocket need it");
        assertThat(out.lines().filter(l -> l.startsWith("| `")).count()).isEqualTo(ConfigKeys.shipped().keys().size());
    }

    @Test
    void theDocsTableIsTheCommandsOutput() throws Exception {
        assertThat(Files.readString(Path.of("docs/configuration.md")))
                .as("docs/configuration.md ends with `config keys --markdown`; regenerate it").endsWith(run("config", "keys", "--markdown"));
    }

    @Test
    void theHomesOwnValuesAreNeverPrinted() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.properties"), "gateway.api.key=s3cret-key\n");
        String out = run("--home", home.toString(), "config", "keys");
        assertThat(out).contains("gateway.api.key=\n").doesNotContain("s3cret-key");
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new GatewayCli());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }
}
