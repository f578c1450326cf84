package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.channels.telegram.TelegramHtml;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Telegram as a rich chat, end to end against the Bot API fake (which parses HTML as strictly as Telegram): Markdown
 * as HTML, a markup refusal resent as plain text, streamed drafts replaced by the final answer, getMe, /start,
 * another bot's command, voice notes, photos the model cannot see, documents saved and read by file_read, forum topics.
 * No bot-username is configured: the bot's name comes from getMe.
 */
class TelegramRichTest {
    static final String TOKEN = "654321:RICH-token";
    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111,112,222,333,444,555,666,777,888",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.telegram.tool-progress", "off",
            "gateway.telegram.stream-interval", "250ms",
            "gateway.telegram.max-file-bytes", "4096",
            "gateway.delivery.retry-delay", "200ms");

    @Test
    void anAnswerWithACodeBlockIsSentAsHtml() throws Exception {
        live.llama().enqueue(Reply.text("Use **this**:\n```python\nprint(1 < 2 & 3 > 2)\n```\nDone."));
        telegram.dm(111, "show me code");
        FakeTelegram.Sent sent = telegram.await(s -> s.chatId().equals("111"), WAIT);
        assertThat(sent.parseMode()).isEqualTo("HTML");
        assertThat(sent.text()).isEqualTo("Use <b>this</b>:\n<pre><code class=\"language-python\">print(1 &lt; 2 &amp; 3 &gt; 2)"
                + "</code></pre>\nDone.");
        assertThat(FakeTelegram.htmlText(sent.text())).contains("print(1 < 2 & 3 > 2)");
        Thread.sleep(300);
        assertThat(telegram.sentTo("111")).hasSize(1);
    }

    @Test
    void aMessageTelegramRefusesForItsMarkupIsResentAsPlainText() throws Exception {
        live.llama().enqueue(Reply.text("**Bold** claim & more"));
        telegram.rejectMarkup(1);
        telegram.dm(222, "say something bold");
        FakeTelegram.Sent sent = telegram.await(s -> s.chatId().equals("222"), WAIT);
        assertThat(sent.parseMode()).isNull();
        assertThat(sent.text()).isEqualTo("**Bold** claim & more");
        Thread.sleep(300);
        assertThat(telegram.sentTo("222")).hasSize(1);
        JsonNode row = TelegramChannelTest.awaitRow(live, "**Bold** claim & more", "delivered");
        assertThat(row.path("ack_id").asText()).isEqualTo(String.valueOf(sent.messageId()));
    }

    @Test
    void aLongAnswerIsStreamedAsADraftEditedAtAThrottledPaceAndReplacedByTheFinalTextOnce() throws Exception {
        StringBuilder b = new StringBuilder("Here is the `plan`:\n");
        for (int i = 0; i < 40; i++) {
            b.append("step").append(i).append(' ');
        }
        String answer = b.toString().strip();
        live.llama().enqueue(Reply.slow(answer, Duration.ofMillis(60)));
        telegram.dm(333, "plan it");
        String finalHtml = TelegramHtml.render(answer);
        telegram.await(s -> s.chatId().equals("333") && s.method().equals("editMessageText") && s.text().equals(finalHtml), WAIT);
        Thread.sleep(600);
        List<FakeTelegram.Sent> all = telegram.sentTo("333");
        List<FakeTelegram.Sent> sends = all.stream().filter(s -> s.method().equals("sendMessage")).toList();
        assertThat(sends).as("one message: the draft, which becomes the answer").hasSize(1);
        assertThat(sends.get(0).text()).endsWith(" …");
        List<FakeTelegram.Sent> edits = all.stream().filter(s -> s.method().equals("editMessageText")).toList();
        assertThat(edits.size()).isGreaterThanOrEqualTo(2);
        assertThat(edits).allSatisfy(e -> assertThat(e.messageId()).isEqualTo(sends.get(0).messageId()));
        assertThat(edits.get(edits.size() - 1).text()).isEqualTo(finalHtml);
        assertThat(edits.get(edits.size() - 1).parseMode()).isEqualTo("HTML");
        assertThat(edits.stream().filter(e -> e.text().equals(finalHtml))).hasSize(1);
        for (int i = 1; i < all.size() - 1; i++) { // the draft's own updates keep Telegram's pace (the final edit need not wait)
            assertThat(all.get(i).at() - all.get(i - 1).at()).as("draft updates are throttled").isGreaterThanOrEqualTo(200);
        }
        JsonNode row = TelegramChannelTest.awaitRow(live, answer, "delivered");
        assertThat(row.path("ack_id").asText()).isEqualTo(String.valueOf(sends.get(0).messageId()));
    }

    @Test
    void groupCommandsForAnotherBotAreIgnoredAndMentionsOfTheNameFromGetMeAreAnswered() throws Exception {
        int before = live.llama().chatRequests().size();
        telegram.userSays(-100700, "supergroup", 444, "member", "/weather@OtherBot Paris");
        telegram.userSays(-100700, "supergroup", 444, "member", "/new@OtherBot");
        Thread.sleep(1000);
        assertThat(telegram.sentTo("-100700")).isEmpty();
        assertThat(live.llama().chatRequests()).hasSize(before);

        live.llama().enqueue(Reply.text("Hello group."));
        telegram.userSays(-100700, "supergroup", 444, "member", "@hinks_bot hello");
        telegram.awaitTo("-100700", t -> t.equals("Hello group."), WAIT);
        assertThat(telegram.getMeCalls()).isPositive();
        telegram.userSays(-100700, "supergroup", 444, "member", "/status@hinks_bot");
        telegram.awaitTo("-100700", t -> !t.equals("Hello group."), WAIT);
        assertThat(telegram.sentTo("-100700").get(1).text()).doesNotContain("Unknown command");
    }

    @Test
    void startGreetsAndExplainsPairing() throws Exception {
        int before = live.llama().chatRequests().size();
        telegram.dm(9100, "/start");
        FakeTelegram.Sent stranger = telegram.await(s -> s.chatId().equals("9100"), WAIT);
        assertThat(stranger.text()).contains("Hello! I'm HinksBot").contains("not paired").contains("Pairing code");
        telegram.dm(555, "/start");
        FakeTelegram.Sent member = telegram.await(s -> s.chatId().equals("555"), WAIT);
        assertThat(member.text()).contains("Hello! I'm HinksBot").contains("/help").doesNotContain("Unknown command");
        assertThat(live.llama().chatRequests()).hasSize(before);
    }

    @Test
    void aVoiceNoteGetsAClearReply() throws Exception {
        int before = live.llama().chatRequests().size();
        int downloads = telegram.downloads();
        telegram.userSends(666, "private", 666, "u666", m -> m.putObject("voice").put("file_id", "voice-1").put("duration", 3));
        FakeTelegram.Sent sent = telegram.await(s -> s.chatId().equals("666"), WAIT);
        assertThat(sent.text()).contains("Voice messages are not supported yet");
        assertThat(live.llama().chatRequests()).hasSize(before);
        assertThat(telegram.downloads()).isEqualTo(downloads);
    }

    @Test
    void aPhotoTheModelCannotSeeIsAnsweredWithOneLine() throws Exception {
        int before = live.llama().chatRequests().size();
        telegram.addFile("photo-small", "photos/small.jpg", new byte[] {1, 2});
        telegram.userSends(777, "private", 777, "u777", m -> {
            m.put("caption", "what is this?");
            m.putArray("photo").addObject().put("file_id", "photo-small").put("width", 90).put("height", 90).put("file_size", 2);
        });
        FakeTelegram.Sent sent = telegram.await(s -> s.chatId().equals("777"), WAIT);
        assertThat(sent.text()).contains("can't see images");
        Thread.sleep(300);
        assertThat(telegram.sentTo("777")).hasSize(1);
        assertThat(live.llama().chatRequests()).hasSize(before);
    }

    @Test
    void aDocumentIsSavedUnderUploadsNamedInThePromptAndReadByFileRead() throws Exception {
        byte[] content = "The secret word is pineapple.".getBytes(StandardCharsets.UTF_8);
        telegram.addFile("doc-1", "documents/file_1.txt", content);
        Pattern saved = Pattern.compile("uploads/[A-Za-z0-9._-]+");
        live.llama().setResponder(request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            if ("tool".equals(last.path("role").asText())) {
                return Reply.text("The file says: " + last.path("content").asText());
            }
            Matcher m = saved.matcher(last.path("content").asText());
            return m.find() ? Reply.toolCalls(new ToolCallSpec("call_doc", "file_read", Json.write(Json.object().put("path", m.group()))))
                    : null;
        });
        try {
            telegram.userSends(888, "private", 888, "u888", m -> {
                m.put("caption", "summarize this");
                m.putObject("document").put("file_id", "doc-1").put("file_name", "../../../etc/notes.txt")
                        .put("mime_type", "text/plain").put("file_size", content.length);
            });
            FakeTelegram.Sent answer = telegram.await(s -> s.chatId().equals("888"), WAIT);
            assertThat(answer.text()).contains("pineapple");
        } finally {
            live.llama().setResponder(null);
        }
        String prompt = live.llama().chatRequests().stream().map(JsonNode::toString).filter(r -> r.contains("summarize this"))
                .findFirst().orElseThrow();
        Matcher m = saved.matcher(prompt);
        assertThat(m.find()).isTrue();
        assertThat(m.group()).startsWith("uploads/telegram-888-").endsWith("-notes.txt");
        Path file = live.gateway().workspace().resolve(m.group());
        assertThat(Files.readString(file)).isEqualTo("The secret word is pineapple.");
        assertThat(file.toRealPath().startsWith(live.gateway().workspace().toRealPath().resolve("uploads"))).isTrue();
    }

    @Test
    void aDocumentOverTheSizeCapIsNotDownloaded() throws Exception {
        int downloads = telegram.downloads();
        telegram.addFile("doc-big", "documents/big.bin", new byte[5000]);
        telegram.userSends(112, "private", 112, "u112", m -> m.putObject("document").put("file_id", "doc-big")
                .put("file_name", "big.bin").put("file_size", 5000));
        telegram.await(s -> s.chatId().equals("112") && s.text().contains("too large"), WAIT);
        assertThat(telegram.downloads()).isEqualTo(downloads);
    }

    @Test
    void aForumTopicIsAnsweredInTheTopic() throws Exception {
        live.llama().enqueue(Reply.text("Answer in the topic."));
        telegram.userSends(-100900, "supergroup", 222, "member", m -> m.put("text", "@hinks_bot topic question")
                .put("is_topic_message", true).put("message_thread_id", 77));
        FakeTelegram.Sent sent = telegram.await(s -> s.chatId().equals("-100900"), WAIT);
        assertThat(sent.text()).isEqualTo("Answer in the topic.");
        assertThat(sent.threadId()).isEqualTo("77");
        JsonNode row = TelegramChannelTest.awaitRow(live, "Answer in the topic.", "delivered");
        assertThat(row.path("thread_id").asText()).isEqualTo("77");

        // an explicit target names the topic too: a cron job delivering to telegram:<chat>:<thread>
        var created = live.gateway().post("/api/gui/cron/jobs", "{\"name\":\"topic report\",\"prompt\":\"report\","
                + "\"schedule\":\"0 9 * * *\",\"deliver\":\"telegram:-100901:12\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        live.llama().enqueue(Reply.text("Report for the topic."));
        String id = Json.parse(created.body()).path("data").path("job_id").asText();
        assertThat(live.gateway().post("/api/gui/cron/jobs/" + id + "/run", "").statusCode()).isLessThan(300);
        FakeTelegram.Sent report = telegram.await(s -> s.chatId().equals("-100901"), WAIT);
        assertThat(report.text()).isEqualTo("Report for the topic.");
        assertThat(report.threadId()).isEqualTo("12");
    }
}
