package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pass-through served by the `openai-chat-completions` route (fast path switched off): same behaviour. */
class OpenAiRoutePassThroughTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.pass-through-fast-path", "false");

    @Test
    void theRoutePassesRequestsThroughUnchangedAndStreams() throws Exception {
        live.llama().enqueue(Reply.text("Via the route."));
        String body = "{\"model\":\"upstream.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"top_k\":3}";
        HttpResponse<String> r = live.gateway().post("/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        assertThat(live.llama().lastChatRequest()).isEqualTo(Json.parse(body));
        assertThat(r.body()).contains("Via the route.");

        live.llama().enqueue(Reply.text("Streamed via the route."));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = OpenAiClients.client(live.gateway(), "unused").chat().completions()
                .createStreaming(ChatCompletionCreateParams.builder().model("upstream.gguf").addUserMessage("hi").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Streamed via the route.");
    }

    @Test
    void aClientThatLeavesCancelsTheUpstreamRequest() throws Exception {
        live.llama().enqueue(Reply.hang());
        int before = live.llama().cancelledStreams();
        HttpResponse<InputStream> r = live.gateway().send(live.gateway().request("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"upstream.gguf\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"wait\"}]}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> live.llama().openStreams() == 1);
        r.body().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.llama().cancelledStreams() == before + 1);
    }
}
