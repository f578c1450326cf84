package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `/v1/responses` with OpenAI's official Java client: stored responses, chaining, conversations, streaming events. */
class OpenAiResponsesTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();

    private OpenAIClient client() {
        return OpenAiClients.client(live.gateway(), "unused");
    }

    private static String text(Response r) {
        StringBuilder out = new StringBuilder();
        for (ResponseOutputItem item : r.output()) {
            item.message().ifPresent(m -> m.content().forEach(c -> c.outputText().ifPresent(t -> out.append(t.text()))));
        }
        return out.toString();
    }

    private JsonNode storedMessages(String sessionId) throws Exception {
        return Json.parse(live.gateway().get("/api/v1/sessions/" + sessionId + "/messages").body()).path("messages");
    }

    @Test
    void aStoredResponseIsRetrievedAndChainedWithoutDuplicatingHistory() throws Exception {
        live.llama().enqueue(Reply.text("Paris."));
        Response first = client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .instructions("Answer with one word.").input("Capital of France?").build());
        assertThat(first.id()).startsWith("resp_");
        assertThat(text(first)).isEqualTo("Paris.");
        assertThat(first.status().orElseThrow().asString()).isEqualTo("completed");
        assertThat(first.usage().orElseThrow().totalTokens()).isPositive();
        assertThat(live.llama().lastChatRequest().path("messages").get(0).path("content").asText()).endsWith("Answer with one word.");

        Response again = client().responses().retrieve(first.id());
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(text(again)).isEqualTo("Paris.");

        live.llama().enqueue(Reply.text("Berlin."));
        Response second = client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .previousResponseId(first.id()).input("And Germany?").build());
        assertThat(text(second)).isEqualTo("Berlin.");
        assertThat(second.previousResponseId()).contains(first.id());
        List<String> seen = live.llama().lastChatRequest().path("messages").findValuesAsText("content");
        assertThat(seen.subList(1, seen.size())).containsExactly("Capital of France?", "Paris.", "And Germany?");

        // Branching from the first response again forks a new session: the Germany turn is not in it.
        live.llama().enqueue(Reply.text("Madrid."));
        client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .previousResponseId(first.id()).input("And Spain?").build());
        seen = live.llama().lastChatRequest().path("messages").findValuesAsText("content");
        assertThat(seen.subList(1, seen.size())).containsExactly("Capital of France?", "Paris.", "And Spain?");
    }

    @Test
    void aConversationIsAStoredSessionAndCannotBeCombinedWithAPreviousResponse() throws Exception {
        for (String answer : List.of("One.", "Two.")) {
            live.llama().enqueue(Reply.text(answer));
            client().responses().create(ResponseCreateParams.builder().model("hinksbot").conversation("conv-counting")
                    .input("Count").build());
        }
        assertThat(storedMessages("conv-counting").findValuesAsText("content")).containsExactly("Count", "One.", "Count", "Two.");

        assertThatThrownBy(() -> client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .conversation("conv-counting").previousResponseId("resp_whatever").input("x").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.param()).contains("conversation"));
        assertThatThrownBy(() -> client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .previousResponseId("resp_missing").input("x").build()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletedResponsesAreGoneAndUnstoredOnesNeverExist() {
        live.llama().enqueue(Reply.text("Kept briefly."));
        Response r = client().responses().create(ResponseCreateParams.builder().model("hinksbot").input("hi").build());
        client().responses().delete(r.id());
        assertThatThrownBy(() -> client().responses().retrieve(r.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client().responses().delete(r.id())).isInstanceOf(NotFoundException.class);

        live.llama().enqueue(Reply.text("Not kept."));
        Response unstored = client().responses().create(ResponseCreateParams.builder().model("hinksbot").input("hi").store(false).build());
        assertThat(text(unstored)).isEqualTo("Not kept.");
        assertThatThrownBy(() -> client().responses().retrieve(unstored.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void functionCallsGoToTheClientAndTheirOutputContinuesTheChain() {
        FunctionTool weather = FunctionTool.builder().name("get_weather").strict(false)
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build()).build();
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_w", "get_weather", "{\"city\":\"Oslo\"}")));
        Response asked = client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .input("Weather in Oslo?").addTool(weather).build());
        ResponseFunctionToolCall call = asked.output().stream().flatMap(i -> i.functionCall().stream()).findFirst().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).isEqualTo("call_w");
        assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");

        live.llama().enqueue(Reply.text("It is snowing in Oslo."));
        Response answered = client().responses().create(ResponseCreateParams.builder().model("hinksbot")
                .previousResponseId(asked.id()).addTool(weather)
                .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId("call_w").output("snow, -3 °C").build()))).build());
        assertThat(text(answered)).isEqualTo("It is snowing in Oslo.");
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("tool");
        assertThat(last.path("tool_call_id").asText()).isEqualTo("call_w");
        assertThat(last.path("content").asText()).isEqualTo("snow, -3 °C");
    }

    @Test
    void streamingSendsTheResponseEventsInOrderWithSequenceNumbers() throws Exception {
        live.llama().enqueue(Reply.text("Streamed response text."));
        HttpResponse<InputStream> raw = live.gateway().send(live.gateway().request("/v1/responses")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hinksbot\",\"input\":\"go\",\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(raw.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(Json.parse(line.substring(6)));
                }
            }
        }
        List<String> types = events.stream().map(e -> e.path("type").asText()).distinct().toList();
        assertThat(types).containsSubsequence("response.created", "response.output_item.added", "response.output_text.delta",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        String deltas = events.stream().filter(e -> e.path("type").asText().equals("response.output_text.delta"))
                .map(e -> e.path("delta").asText()).reduce("", String::concat);
        assertThat(deltas).isEqualTo("Streamed response text.");
        JsonNode completed = events.get(events.size() - 1).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        // the stored response is the completed one
        assertThat(Json.parse(live.gateway().get("/v1/responses/" + completed.path("id").asText()).body()).path("status").asText())
                .isEqualTo("completed");

        // The official client parses the same stream.
        live.llama().enqueue(Reply.text("Via the SDK."));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client().responses().createStreaming(
                ResponseCreateParams.builder().model("hinksbot").input("go").build())) {
            stream.stream().forEach(e -> e.outputTextDelta().ifPresent(d -> text.append(d.delta())));
        }
        assertThat(text.toString()).isEqualTo("Via the SDK.");
    }

    @Test
    void aFailingModelIsAFailedResponse() throws Exception {
        live.llama().enqueue(Reply.error(503, "unavailable_error", "Loading model"));
        HttpResponse<String> r = live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\",\"input\":\"hi\"}");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(Json.parse(r.body()).path("error").path("code").asText()).isEqualTo("model_loading");

        live.llama().enqueue(Reply.error(503, "unavailable_error", "Loading model"));
        HttpResponse<String> streamed = live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\",\"input\":\"hi\",\"stream\":true}");
        assertThat(streamed.body()).contains("event: response.failed").contains("model_loading");
    }
}
