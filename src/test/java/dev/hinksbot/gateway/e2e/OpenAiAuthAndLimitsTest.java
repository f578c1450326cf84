package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `/v1` with an API key, a small body limit and CORS for one origin. */
class OpenAiAuthAndLimitsTest {
    static final String KEY = "sk-test-gateway-key";

    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", KEY, "gateway.api.max-body-bytes", "2048",
            "gateway.api.cors-origins", "https://chat.example.org");

    private HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder unauthenticated(String path) {
        return HttpRequest.newBuilder(URI.create(live.gateway().baseUrl() + path));
    }

    @Test
    void aWrongKeyIs401InOpenAisShapeAndTheRightOneWorks() throws Exception {
        assertThatThrownBy(() -> OpenAiClients.client(live.gateway(), "sk-wrong").models().list())
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> assertThat(e.code()).contains("unauthorized"));
        HttpResponse<String> none = raw(unauthenticated("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode error = Json.parse(none.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("authentication_error");
        assertThat(none.body()).doesNotContain(KEY);
        assertThat(none.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();

        live.llama().enqueue(Reply.text("Authorized."));
        assertThat(OpenAiClients.client(live.gateway(), KEY).chat().completions().create(ChatCompletionCreateParams.builder()
                .model("hinksbot").addUserMessage("hi").build()).choices().get(0).message().content()).contains("Authorized.");
        // llama-server never sees the gateway's key
        assertThat(live.llama().lastChatRequest().toString()).doesNotContain(KEY);
    }

    @Test
    void healthNeedsNoKey() throws Exception {
        for (String path : new String[] {"/health", "/v1/health"}) {
            HttpResponse<String> r = raw(unauthenticated(path));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(Json.parse(r.body()).path("status").asText()).isNotEmpty();
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String big = "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(4096) + "\"}]}";
        HttpResponse<String> r = raw(unauthenticated("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.parse(r.body()).path("error").path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void corsAnswersPreflightsForListedOriginsOnlyWithoutAKey() throws Exception {
        HttpResponse<String> allowed = raw(unauthenticated("/v1/chat/completions").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://chat.example.org").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type"));
        assertThat(allowed.statusCode()).isBetween(200, 204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://chat.example.org");

        HttpResponse<String> refused = raw(unauthenticated("/v1/chat/completions").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com").header("Access-Control-Request-Method", "POST"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        live.llama().enqueue(Reply.text("Cross-origin."));
        HttpResponse<String> actual = raw(unauthenticated("/v1/chat/completions").header("Authorization", "Bearer " + KEY)
                .header("Origin", "https://chat.example.org").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains("https://chat.example.org");
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("X-Gateway-Overhead-Ms");
    }
}
