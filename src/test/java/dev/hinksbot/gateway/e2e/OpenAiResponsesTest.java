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

    /** A stateless replay as the Agents SDK and the AI SDK send it: every earlier item, tool calls and reasoning too. */
    private static final String REPLAY = "[{\"role\":\"user\",\"content\":\"Weather in Oslo?\"},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
            + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Let me look.\"}]},"
            + "{\"type\":\"function_call\",\"call_id\":\"call_r\",\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"},"
            + "{\"type\":\"function_call_output\",\"call_id\":\"call_r\",\"output\":\"snow\"}]";
    private static final String WEATHER_TOOL = "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}]";

    private void assertToolTurnReachedLlama() {
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.path("role").asText()));
        assertThat(roles).endsWith("user", "assistant", "tool");
        JsonNode assistant = messages.get(messages.size() - 2);
        assertThat(assistant.path("content").asText()).isEqualTo("Let me look.");
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_r");
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        JsonNode tool = messages.get(messages.size() - 1);
        assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_r");
        assertThat(tool.path("content").asText()).isEqualTo("snow");
    }

    @Test
    void aFullStatelessHistoryWithToolTurnsReachesLlamaServerWithAndWithoutStore() throws Exception {
        for (String store : List.of("", ",\"store\":false", ",\"store\":true")) {
            live.llama().enqueue(Reply.text("Snowing."));
            HttpResponse<String> r = live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\",\"input\":" + REPLAY
                    + ",\"tools\":" + WEATHER_TOOL + store + "}");
            assertThat(r.statusCode()).as(store).isEqualTo(200);
            assertThat(Json.parse(r.body()).path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Snowing.");
            assertToolTurnReachedLlama();
        }
    }

    @Test
    void inputItemsListWhatAResponseAnsweredAndCancelStopsOneInProgress() throws Exception {
        live.llama().enqueue(Reply.text("Snowing."));
        String id = Json.parse(live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\",\"input\":" + REPLAY
                + ",\"tools\":" + WEATHER_TOOL + "}").body()).path("id").asText();
        JsonNode list = Json.parse(live.gateway().get("/v1/responses/" + id + "/input_items?order=asc").body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        List<String> types = new ArrayList<>();
        list.path("data").forEach(item -> types.add(item.path("type").asText()));
        assertThat(types).containsExactly("message", "reasoning", "message", "function_call", "function_call_output");
        assertThat(list.path("data").get(0).path("content").get(0).path("text").asText()).isEqualTo("Weather in Oslo?");
        assertThat(list.path("data").findValuesAsText("id")).allSatisfy(itemId -> assertThat(itemId).isNotBlank());
        JsonNode newestFirst = Json.parse(live.gateway().get("/v1/responses/" + id + "/input_items?limit=2").body());
        assertThat(newestFirst.path("data").get(0).path("type").asText()).isEqualTo("function_call_output");
        assertThat(newestFirst.path("has_more").asBoolean()).isTrue();
        // the stored body is the response object alone
        assertThat(live.gateway().get("/v1/responses/" + id).body()).doesNotContain("_input_items");
        assertThat(live.gateway().post("/v1/responses/" + id + "/cancel", "{}").statusCode()).isEqualTo(400); // already completed
        assertThat(live.gateway().get("/v1/responses/resp_nothing/input_items").statusCode()).isEqualTo(404);

        // A streamed response names its id in response.created; cancel it from another connection while it runs.
        live.llama().enqueue(Reply.hang());
        HttpResponse<InputStream> stream = live.gateway().send(live.gateway().request("/v1/responses")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hinksbot\",\"stream\":true,\"input\":\"take your time\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String running = null;
            for (String line = reader.readLine(); line != null && running == null; line = reader.readLine()) {
                if (line.startsWith("data: ") && line.contains("response.created")) {
                    running = Json.parse(line.substring(6)).path("response").path("id").asText();
                }
            }
            assertThat(running).startsWith("resp_");
            HttpResponse<String> cancelled = live.gateway().post("/v1/responses/" + running + "/cancel", "{}");
            assertThat(cancelled.statusCode()).isEqualTo(200);
            assertThat(Json.parse(cancelled.body()).path("status").asText()).isEqualTo("cancelled");
            StringBuilder rest = new StringBuilder();
            reader.lines().forEach(rest::append);
            assertThat(rest.toString()).contains("cancelled");
        }
        assertThat(Json.parse(live.gateway().get("/v1/responses/" + id).body()).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void anUpstreamModelIsAPlainChatWithoutTheGatewaysPromptOrTools() throws Exception {
        live.llama().enqueue(Reply.text("Plain."));
        Response r = client().responses().create(ResponseCreateParams.builder().model("local-model.gguf")
                .instructions("Be terse.").input("hi").build());
        assertThat(text(r)).isEqualTo("Plain.");
        assertThat(r.model().toString()).contains("local-model.gguf");
        JsonNode sent = live.llama().lastChatRequest();
        assertThat(sent.path("model").asText()).isEqualTo("local-model.gguf");
        assertThat(sent.has("tools")).isFalse();
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("Be terse.");
        assertThat(sent.path("messages").size()).isEqualTo(2);
    }

    @Test
    void textFormatAndSamplingReachLlamaServerAndAreEchoed() throws Exception {
        live.llama().enqueue(Reply.text("{\"city\":\"Oslo\"}"));
        HttpResponse<String> r = live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\",\"input\":\"json\","
                + "\"temperature\":0.3,\"top_p\":0.5,\"tool_choice\":\"none\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"city\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}},\"strict\":true}}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode sent = live.llama().lastChatRequest();
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(sent.path("tool_choice").asText()).isEqualTo("none");
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(sent.path("response_format").path("json_schema").path("name").asText()).isEqualTo("city");
        assertThat(sent.path("response_format").path("json_schema").path("schema").path("properties").has("city")).isTrue();
        JsonNode body = Json.parse(r.body());
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.5);
        assertThat(body.path("text").path("format").path("type").asText()).isEqualTo("json_schema");

        live.llama().enqueue(Reply.text("ok"));
        Response typed = client().responses().create(ResponseCreateParams.builder().model("hinksbot").input("hi").temperature(0.7).build());
        assertThat(typed.temperature()).hasValue(0.7);
    }

    @Test
    void imagePartsPassThroughToLlamaServerStoredOrNot() throws Exception {
        for (String store : List.of("\"store\":false,", "")) {
            live.llama().enqueue(Reply.text("A cat."));
            HttpResponse<String> r = live.gateway().post("/v1/responses", "{\"model\":\"hinksbot\"," + store + "\"input\":[{\"role\":\"user\","
                    + "\"content\":[{\"type\":\"input_text\",\"text\":\"What is it?\"},{\"type\":\"input_image\","
                    + "\"image_url\":\"https://example.com/cat.png\"}]}]}");
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode messages = live.llama().lastChatRequest().path("messages");
            JsonNode content = messages.get(messages.size() - 1).path("content");
            assertThat(content.get(0).path("type").asText()).as(store).isEqualTo("text");
            assertThat(content.get(1).path("type").asText()).isEqualTo("image_url");
            assertThat(content.get(1).path("image_url").path("url").asText()).isEqualTo("https://example.com/cat.png");
        }
    }
}
