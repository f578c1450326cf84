package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * processors/*.java reload like routes: a running gateway whose inbound.yaml uses the example processor
 * {@code redactContacts}; the user edits RedactContacts.java and the next message is redacted the new way, with no
 * restart; an edit that does not compile is one WARN line and the running processor stays.
 */
class ProcessorReloadTest {
    static final String TOKEN = "123456:RELOAD-token";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);
    static final Path home = home();
    static final LogCapture log = new LogCapture();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/*.yaml,file:" + home.resolve("processors") + "/*.java",
            "camel.main.routes-reload-enabled", "true",
            "camel.main.routes-reload-directory", home.resolve("routes").toString(),
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off");

    /** routes/ with redactContacts after authorize in inbound.yaml, and a copy of processors/. */
    static Path home() {
        try {
            Path dir = Files.createTempDirectory("processor-reload");
            for (String folder : new String[] {"routes", "processors"}) {
                Files.createDirectories(dir.resolve(folder));
                try (Stream<Path> files = Files.list(Path.of(folder))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, dir.resolve(folder).resolve(f.getFileName()));
                    }
                }
            }
            Path inbound = dir.resolve("routes/inbound.yaml");
            String anchor = """
                            - process:
                                ref: authorize
                    """;
            String yaml = Files.readString(inbound);
            assertThat(yaml).contains(anchor);
            Files.writeString(inbound, yaml.replace(anchor, anchor + """
                            - process:
                                ref: redactContacts
                    """));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anEditedProcessorTakesEffectWithoutARestartAndABrokenOneIsRefused() throws Exception {
        assertThat(say("Write to ann.lee@example.org", "One.")).contains("Write to [email]");

        Path source = home.resolve("processors/RedactContacts.java");
        String original = Files.readString(source);
        assertThat(original).contains("replaceAll(\"[email]\")");
        Files.writeString(source, original.replace("replaceAll(\"[email]\")", "replaceAll(\"[address removed]\")"));
        await().atMost(WAIT).until(() -> log.lines().stream().anyMatch(l -> l.contains("RedactContacts.java reloaded")));
        assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("RedactContacts.java reloaded", "redactContacts", "inbound"));
        assertThat(say("Write to bo@example.org", "Two.")).contains("Write to [address removed]").doesNotContain("bo@example.org");

        Files.writeString(source, original.replace("replaceAll(\"[email]\")", "replaceAll(\"[email]\") this does not compile"));
        await().atMost(WAIT).until(() -> log.lines().stream().anyMatch(l -> l.contains("RedactContacts.java not reloaded")));
        assertThat(say("Write to cy@example.org", "Three.")).contains("Write to [address removed]").doesNotContain("cy@example.org");
        assertThat(live.gateway().app().camelContext().getRegistry().lookupByName("redactContacts"))
                .as("still bound, for routes created later").isNotNull();
    }

    /** Sends {@code text} over Telegram, answers with {@code answer}, and returns what the model was sent. */
    private String say(String text, String answer) throws Exception {
        live.llama().enqueue(Reply.text(answer));
        telegram.dm(111, text);
        telegram.awaitTo("111", t -> t.equals(answer), WAIT);
        return live.llama().lastChatRequest().toString();
    }
}
