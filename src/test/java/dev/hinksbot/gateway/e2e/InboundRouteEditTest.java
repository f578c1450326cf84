package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core path is YAML a user edits: a copy of routes/ whose inbound.yaml has two steps added — the shipped example
 * processor {@code redactContacts} (compiled by Camel from processors/RedactContacts.java) and a filter that keeps
 * messages tagged #offline away from the agent — changes what the model sees, with no Java rebuilt.
 */
class InboundRouteEditTest {
    static final String TOKEN = "123456:EDIT-token";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);
    static final Path routes = editedRoutes();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml,file:processors/*.java",
            "camel.main.routes-reload-enabled", "false",
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off");

    static Path editedRoutes() {
        try {
            Path dir = ShippedRoutes.copy();
            Path inbound = dir.resolve("inbound.yaml");
            String anchor = """
                            - process:
                                ref: authorize
                    """;
            String added = anchor + """
                            - process:
                                ref: redactContacts
                            - filter:
                                simple: "${body.text} contains '#offline'"
                                steps:
                                  - log: "kept away from the agent: ${body.messageId}"
                                  - stop: {}
                    """;
            String yaml = Files.readString(inbound);
            assertThat(yaml).contains(anchor);
            Files.writeString(inbound, yaml.replace(anchor, added));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void stepsAddedToInboundYamlRedactAndFilterWhatTheAgentSees() throws Exception {
        telegram.dm(111, "my diary #offline: call me on +44 20 7946 0958");
        live.llama().enqueue(Reply.text("Noted."));
        telegram.dm(111, "Write to ann.lee@example.org or call +44 20 7946 0958 tomorrow");
        telegram.awaitTo("111", t -> t.equals("Noted."), WAIT);

        assertThat(live.llama().chatRequests()).as("the #offline message never reached the model").hasSize(1);
        String prompt = live.llama().lastChatRequest().toString();
        assertThat(prompt).contains("Write to [email] or call [phone] tomorrow")
                .doesNotContain("ann.lee@example.org", "7946", "#offline");
        assertThat(telegram.sentTo("111")).extracting(FakeTelegram.Sent::text).containsExactly("Noted.");
        // what is stored is what the model saw
        String history = live.gateway().get("/api/v1/sessions").body();
        assertThat(history).doesNotContain("ann.lee@example.org");
    }
}
