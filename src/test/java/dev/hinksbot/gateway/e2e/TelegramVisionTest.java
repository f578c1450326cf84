package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A model that can see (llama-server's /props says vision): a Telegram photo reaches it as an image and is answered. */
class TelegramVisionTest {
    static final String TOKEN = "777000:VISION-token";
    static final FakeTelegram telegram = FakeTelegram.start(TOKEN);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.telegram.token", TOKEN,
            "gateway.telegram.api-url", telegram.baseUrl(),
            "gateway.telegram.allowed-users", "111",
            "gateway.telegram.poll-delay", "50ms",
            "gateway.delivery.retry-delay", "200ms");

    @Test
    void thePhotosLargestSizeGoesToTheModelAsAnImageWithTheCaptionAsText() throws Exception {
        live.llama().setVision(true);
        byte[] small = {1, 2, 3};
        byte[] large = MailAttachmentsTest.PNG;
        telegram.addFile("p-small", "photos/file_s.jpg", small);
        telegram.addFile("p-large", "photos/file_l.jpg", large);
        live.llama().enqueue(Reply.text("A tiny picture."));
        telegram.userSends(111, "private", 111, "u111", m -> {
            m.put("caption", "what do you see?");
            m.putArray("photo").addObject().put("file_id", "p-small").put("width", 90).put("height", 90).put("file_size", 3);
            m.withArray("photo").addObject().put("file_id", "p-large").put("width", 800).put("height", 600).put("file_size", large.length);
        });
        telegram.awaitTo("111", t -> t.equals("A tiny picture."), Duration.ofSeconds(15));
        JsonNode user = live.llama().lastChatRequest().path("messages");
        user = user.get(user.size() - 1);
        assertThat(user.path("content").get(0).path("text").asText()).startsWith("what do you see?").contains("uploads/telegram-111-");
        assertThat(user.path("content").get(1).path("type").asText()).isEqualTo("image_url");
        assertThat(user.path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(large));
        assertThat(telegram.downloads()).isEqualTo(1);
    }
}
