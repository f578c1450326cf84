package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.models.Model;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `/v1/chat/completions` and `/v1/models` driven by OpenAI's official Java client, as any user's client would. */
class OpenAiChatCompletionsTest {
    static final Path PROFILES = OpenAiClients.profilesDir("""
            ---
            description: Talks like a pirate.
            tool-groups: file
            ---
            You are a pirate assistant.
            """);

    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.agent.dir", PROFILES.toString(),
            "gateway.api.max-concurrent-runs", "2", "gateway.api.keepalive-interval", "200ms");

    private OpenAIClient client() {
        return OpenAiClients.client(live.gateway(), "unused");
    }

    @Test
    void modelsListTheAgentProfilesAndTheUpstreamModels() {
        live.llama().setModelId("local-model.gguf");
        List<String> ids = client().models().list().items().stream().map(Model::id).toList();
        assertThat(ids).startsWith("hinksbot").contains("pirate", "local-model.gguf");
        Model pirate = client().models().list().items().stream().filter(m -> m.id().equals("pirate")).findFirst().orElseThrow();
        assertThat(pirate.ownedBy()).isEqualTo("hinksbot");
    }

    @Test
    void anAgentProfileAnswersWithItsPromptAndTheClientsSystemTextOnTop() throws Exception {
        live.llama().enqueue(Reply.text("Arr, hello there."));
        ChatCompletion answer = client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("pirate").addSystemMessage("Answer in one line.").addUserMessage("Hi").maxCompletionTokens(50).build());

        assertThat(answer.choices().get(0).message().content()).contains("Arr, hello there.");
        assertThat(answer.choices().get(0).finishReason().asString()).isEqualTo("stop");
        assertThat(answer.model()).isEqualTo("pirate");
        assertThat(answer.usage().orElseThrow().totalTokens()).isPositive();
        JsonNode sent = live.llama().lastChatRequest();
        String system = sent.path("messages").get(0).path("content").asText();
        assertThat(system).startsWith("You are a pirate assistant.").endsWith("Answer in one line.");
        assertThat(sent.path("messages").get(1).path("content").asText()).isEqualTo("Hi");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50); // the client's cap reaches llama-server
        // the profile's tool group (file) reaches the model; other groups do not
        assertThat(sent.path("tools").findValuesAsText("name")).contains("file_read").doesNotContain("run_shell");
    }

    @Test
    void anAgentProfileStreamsDeltasAndReportsUsageWhenAsked() {
        live.llama().enqueue(Reply.text("Streaming words one by one."));
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("hinksbot").addUserMessage("Stream please")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo("Streaming words one by one.");
        assertThat(chunks.size()).isGreaterThan(3);
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).filter(c -> c.finishReason().isPresent()))
                .singleElement().satisfies(c -> assertThat(c.finishReason().get().asString()).isEqualTo("stop"));
        assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
    }

    @Test
    void gatewayToolsRunServerSideWithProgressEventsThatPlainClientsIgnore() throws Exception {
        Files.createDirectories(live.gateway().workspace());
        Files.writeString(live.gateway().workspace().resolve("notes.txt"), "buy rum");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_1", "file_read", "{\"path\":\"notes.txt\"}")));
        live.llama().enqueue(Reply.text("Your notes say: buy rum."));

        HttpResponse<InputStream> raw = live.gateway().send(live.gateway().request("/v1/chat/completions")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"hinksbot\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Read my notes\"}]}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(raw.body(), StandardCharsets.UTF_8))) {
            reader.lines().forEach(lines::add);
        }
        assertThat(raw.headers().firstValue("X-Gateway-Overhead-Ms")).hasValueSatisfying(v -> assertThat(Double.parseDouble(v)).isNotNegative());
        int started = lines.indexOf("event: hinksbot.tool.progress");
        assertThat(started).isPositive();
        JsonNode progressChunk = Json.parse(lines.get(started + 1).substring("data: ".length()));
        assertThat(progressChunk.path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(progressChunk.path("choices").isEmpty()).isTrue();
        JsonNode progress = progressChunk.path("tool_progress");
        assertThat(progress.path("tool").asText()).isEqualTo("file_read");
        assertThat(progress.path("status").asText()).isEqualTo("started");
        assertThat(String.join("\n", lines).strip()).contains("\"status\":\"completed\"").endsWith("data: [DONE]");
        // the model saw the tool's result
        assertThat(live.llama().lastChatRequest().path("messages").toString()).contains("buy rum");

        // The official client reads the same kind of stream without tripping over the named events.
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_2", "file_read", "{\"path\":\"notes.txt\"}")));
        live.llama().enqueue(Reply.text("Still rum."));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("hinksbot").addUserMessage("Again").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Still rum.");
    }

    @Test
    void aToolTheClientDeclaresIsReturnedToTheClientAndItsResultContinuesTheConversation() {
        ChatCompletionFunctionTool location = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_location").description("The user's city")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build()).build();
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_loc", "get_location", "{}")));
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("hinksbot")
                .addUserMessage("Where am I?").addTool(location).build();
        ChatCompletion asked = client().chat().completions().create(first);

        assertThat(asked.choices().get(0).finishReason().asString()).isEqualTo("tool_calls");
        List<ChatCompletionMessageToolCall> calls = asked.choices().get(0).message().toolCalls().orElseThrow();
        ChatCompletionMessageFunctionToolCall call = calls.get(0).asFunction();
        assertThat(call.id()).isEqualTo("call_loc");
        assertThat(call.function().name()).isEqualTo("get_location");
        assertThat(live.llama().lastChatRequest().path("tools").findValuesAsText("name")).contains("get_location");

        live.llama().enqueue(Reply.text("You are in Lisbon."));
        ChatCompletion answered = client().chat().completions().create(first.toBuilder()
                .addMessage(asked.choices().get(0).message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_loc").content("Lisbon").build())
                .build());
        assertThat(answered.choices().get(0).message().content()).contains("You are in Lisbon.");
        JsonNode messages = live.llama().lastChatRequest().path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("tool");
        assertThat(last.path("tool_call_id").asText()).isEqualTo("call_loc");
        assertThat(last.path("content").asText()).isEqualTo("Lisbon");
    }

    @Test
    void anUpstreamModelIsPassedThroughUnchangedStreamedOrNot() throws Exception {
        live.llama().enqueue(Reply.text("Straight from llama-server."));
        String body = "{\"model\":\"local-model.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"temperature\":0.25,\"top_k\":7,\"max_tokens\":12}";
        HttpResponse<String> raw = live.gateway().post("/v1/chat/completions", body);
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().firstValue("X-Gateway-Overhead-Ms")).isPresent();
        JsonNode sent = live.llama().lastChatRequest();
        assertThat(sent).isEqualTo(Json.parse(body)); // byte-for-byte the client's request: no tools, no system prompt
        JsonNode answer = Json.parse(raw.body());
        assertThat(answer.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Straight from llama-server.");
        assertThat(answer.path("system_fingerprint").asText()).isNotEqualTo("hinksbot");

        live.llama().enqueue(Reply.text("Streamed through."));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("local-model.gguf").addUserMessage("hi").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        }
        assertThat(text.toString()).isEqualTo("Streamed through.");
        assertThat(live.llama().lastChatRequest().has("tools")).isFalse();
    }

    @Test
    void aSessionIdContinuesAStoredSessionWithoutDuplicatingTheHistoryTheClientResends() throws Exception {
        live.llama().enqueue(Reply.text("First answer."));
        ChatCompletionCreateParams first = ChatCompletionCreateParams.builder().model("hinksbot").addUserMessage("First question")
                .putAdditionalHeader("X-Session-Id", "openai-session").build();
        ChatCompletion one = client().chat().completions().create(first);
        live.llama().enqueue(Reply.text("Second answer."));
        client().chat().completions().create(first.toBuilder()
                .addMessage(ChatCompletionAssistantMessageParam.builder().content(one.choices().get(0).message().content().orElseThrow()).build())
                .addUserMessage("Second question").build());

        JsonNode stored = Json.parse(live.gateway().get("/api/v1/sessions/openai-session/messages").body()).path("messages");
        assertThat(stored.findValuesAsText("content")).containsExactly("First question", "First answer.", "Second question", "Second answer.");
        // the model saw the stored history once
        assertThat(live.llama().lastChatRequest().path("messages").findValuesAsText("content"))
                .filteredOn(c -> c.equals("First question")).hasSize(1);

        // Two clients with identical conversations but no session id never share anything.
        live.llama().enqueue(Reply.text("Stateless."));
        client().chat().completions().create(ChatCompletionCreateParams.builder().model("hinksbot").addUserMessage("First question").build());
        assertThat(Json.parse(live.gateway().get("/api/v1/sessions/openai-session/messages").body()).path("messages").size()).isEqualTo(4);
    }

    @Test
    void badRequestsGetOpenAiErrorsNamingTheField() throws Exception {
        assertThatThrownBy(() -> client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("hinksbot").messages(List.of()).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.param()).contains("messages");
                });
        HttpResponse<String> broken = live.gateway().post("/v1/chat/completions", "{\"model\":");
        assertThat(broken.statusCode()).isEqualTo(400);
        JsonNode error = Json.parse(broken.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_json");
        assertThat(error.has("param")).isTrue();
        RestAssert.clean(broken);
        HttpResponse<String> unknown = live.gateway().get("/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.parse(unknown.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }

    @Test
    void moreRunsThanTheLimitAre429AndAClientThatLeavesCancelsTheUpstreamRequest() throws Exception {
        live.llama().setDefaultReply(Reply.hang());
        try {
            int cancelledBefore = live.llama().cancelledStreams();
            List<InputStream> open = new ArrayList<>();
            for (String model : List.of("local-model.gguf", "hinksbot")) {
                HttpResponse<InputStream> r = live.gateway().send(live.gateway().request("/v1/chat/completions")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"stream\":true,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"wait\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                open.add(r.body());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> live.llama().openStreams() == 2);
            // The agent stream has sent its first event; keepalive comments then flow while nothing else happens.
            assertThatThrownBy(() -> client().chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("hinksbot").addUserMessage("one more").build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.code()).contains("too_many_runs"));
            HttpResponse<String> limited = live.gateway().post("/v1/chat/completions",
                    "{\"model\":\"local-model.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).as(limited.headers().map().toString()).hasValue("1");
            HttpResponse<String> limitedAgent = live.gateway().post("/v1/chat/completions",
                    "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
            assertThat(limitedAgent.statusCode()).isEqualTo(429);
            assertThat(limitedAgent.headers().firstValue("Retry-After")).as(limitedAgent.headers().map().toString()).hasValue("1");

            for (InputStream in : open) {
                in.close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> live.llama().cancelledStreams() == cancelledBefore + 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> live.llama().openStreams() == 0);
        } finally {
            live.llama().setDefaultReply(Reply.text("ok"));
        }
        // Slots came back.
        live.llama().enqueue(Reply.text("Free again."));
        assertThat(client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model("hinksbot").addUserMessage("again").build()).choices().get(0).message().content()).contains("Free again.");
    }

    @Test
    void llamaServerErrorsAreUpstreamStatusesWithWhatHappened() throws Exception {
        live.llama().enqueue(Reply.error(503, "unavailable_error", "Loading model"));
        HttpResponse<String> agent = live.gateway().post("/v1/chat/completions",
                "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(agent.statusCode()).isEqualTo(503);
        assertThat(Json.parse(agent.body()).path("error").path("code").asText()).isEqualTo("model_loading");
        assertThat(Json.parse(agent.body()).path("error").path("message").asText()).containsIgnoringCase("loading");

        live.llama().enqueue(Reply.error(500, "server_error", "kaput"));
        HttpResponse<String> passed = live.gateway().post("/v1/chat/completions",
                "{\"model\":\"local-model.gguf\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(passed.statusCode()).isEqualTo(500); // pass-through: llama-server's own answer, unchanged
        assertThat(passed.body()).contains("kaput");
    }

    private static String chat(String user, String... turns) {
        StringBuilder b = new StringBuilder("{\"model\":\"hinksbot\",\"user\":\"" + user + "\",\"messages\":[");
        for (int t = 0; t < turns.length; t++) {
            b.append(t > 0 ? "," : "").append("{\"role\":\"").append(t % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"").append(turns[t]).append("\"}");
        }
        return b.append("]}").toString();
    }

    /** What llama-server was sent, without the system prompt. */
    private static List<String> conversation(JsonNode sent) {
        List<String> out = new ArrayList<>();
        sent.path("messages").forEach(m -> {
            if (!m.path("role").asText().equals("system")) {
                out.add(m.path("role").asText() + ":" + m.path("content").asText());
            }
        });
        return out;
    }

    @Test
    void aLibreChatSequenceWithTheSameUserGivesIndependentStatelessConversations() throws Exception {
        String user = "alice.smith+chats@example.com";
        live.llama().enqueue(Reply.text("A1"));
        assertThat(live.gateway().post("/v1/chat/completions", chat(user, "chat A, first")).statusCode()).isEqualTo(200);
        assertThat(conversation(live.llama().lastChatRequest())).containsExactly("user:chat A, first");
        live.llama().enqueue(Reply.text("B1"));
        assertThat(live.gateway().post("/v1/chat/completions", chat(user, "chat B, first")).statusCode()).isEqualTo(200);
        assertThat(conversation(live.llama().lastChatRequest())).containsExactly("user:chat B, first"); // nothing of chat A
        live.llama().enqueue(Reply.text("A2"));
        live.gateway().post("/v1/chat/completions", chat(user, "chat A, first", "A1", "chat A, second"));
        assertThat(conversation(live.llama().lastChatRequest()))
                .containsExactly("user:chat A, first", "assistant:A1", "user:chat A, second");
        // an edit of the second message, then a regenerate: each is exactly the history the client sends
        live.llama().enqueue(Reply.text("A2 edited"));
        live.gateway().post("/v1/chat/completions", chat(user, "chat A, first", "A1", "chat A, second (edited)"));
        assertThat(conversation(live.llama().lastChatRequest()))
                .containsExactly("user:chat A, first", "assistant:A1", "user:chat A, second (edited)");
        live.llama().enqueue(Reply.text("A2 again"));
        HttpResponse<String> regenerated = live.gateway().post("/v1/chat/completions",
                chat(user, "chat A, first", "A1", "chat A, second (edited)"));
        assertThat(Json.parse(regenerated.body()).path("choices").get(0).path("message").path("content").asText()).isEqualTo("A2 again");
        assertThat(conversation(live.llama().lastChatRequest())).hasSize(3);
        assertThat(regenerated.headers().firstValue("X-Hinksbot-Session")).isEmpty();

        // two overlapping requests of the same user: both answered, no 409 session_busy
        live.llama().enqueue(Reply.slow("slow one", Duration.ofMillis(100)));
        live.llama().enqueue(Reply.text("quick one"));
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return live.gateway().post("/v1/chat/completions", chat(user, "overlap 1"));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> live.llama().openStreams() == 1);
        HttpResponse<String> quick = live.gateway().post("/v1/chat/completions", chat(user, "overlap 2"));
        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        // nothing was stored under the user's name
        assertThat(live.gateway().get("/api/v1/sessions/user:" + user + "/messages").statusCode()).isNotEqualTo(200);
    }

    @Test
    void theXHinksbotSessionHeaderOptsIntoAStoredSessionThatTheFirstMessageTitles() throws Exception {
        live.llama().enqueue(Reply.text("Stored."));
        HttpResponse<String> r = live.gateway().send(live.gateway().request("/v1/chat/completions")
                .header("Content-Type", "application/json").header("X-Hinksbot-Session", "opt-in-session")
                .POST(HttpRequest.BodyPublishers.ofString(chat("bob", "Remember the milk"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Hinksbot-Session")).hasValue("opt-in-session");
        JsonNode stored = Json.parse(live.gateway().get("/api/v1/sessions/opt-in-session/messages").body()).path("messages");
        assertThat(stored.findValuesAsText("content")).containsExactly("Remember the milk", "Stored.");
        assertThat(live.gateway().get("/api/v1/sessions/opt-in-session").body()).contains("\"title\":\"Remember the milk\"");
    }

    @Test
    void aToolTheClientDeclaresWinsOverTheGatewayToolOfTheSameName() throws Exception {
        Files.createDirectories(live.gateway().workspace());
        Files.writeString(live.gateway().workspace().resolve("secret.txt"), "workspace secret");
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_fr", "file_read", "{\"path\":\"secret.txt\"}")));
        String body = "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":\"read it\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"file_read\",\"description\":\"The client's reader\","
                + "\"parameters\":{\"type\":\"object\"}}}]}";
        HttpResponse<String> r = live.gateway().post("/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode choice = Json.parse(r.body()).path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("file_read");
        assertThat(r.body()).doesNotContain("workspace secret");
        JsonNode tools = live.llama().lastChatRequest().path("tools");
        assertThat(tools.findValuesAsText("name")).filteredOn("file_read"::equals).hasSize(1);
        assertThat(tools.findValuesAsText("description")).contains("The client's reader");
    }

    @Test
    void samplingAndFormatParametersReachLlamaServerOnAnAgentProfile() throws Exception {
        live.llama().enqueue(Reply.text("{\"ok\":true}"));
        String body = "{\"model\":\"pirate\",\"messages\":[{\"role\":\"user\",\"content\":\"json please\"}],"
                + "\"temperature\":0.2,\"top_p\":0.9,\"seed\":42,\"stop\":[\"END\"],\"n\":1,\"tool_choice\":\"none\","
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"ok\":{\"type\":\"boolean\"}}}}}}";
        assertThat(live.gateway().post("/v1/chat/completions", body).statusCode()).isEqualTo(200);
        JsonNode sent = live.llama().lastChatRequest();
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(sent.path("seed").asInt()).isEqualTo(42);
        assertThat(sent.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("none");
        assertThat(sent.path("response_format").path("json_schema").path("schema").path("properties").has("ok")).isTrue();

        HttpResponse<String> many = live.gateway().post("/v1/chat/completions", body.replace("\"n\":1", "\"n\":2"));
        assertThat(many.statusCode()).isEqualTo(400);
        assertThat(Json.parse(many.body()).path("error").path("param").asText()).isEqualTo("n");
        HttpResponse<String> hot = live.gateway().post("/v1/chat/completions", body.replace("0.2", "7"));
        assertThat(Json.parse(hot.body()).path("error").path("param").asText()).isEqualTo("temperature");
    }

    @Test
    void imagePartsGoToLlamaServerAndItsRefusalComesBackInOpenAisShape() throws Exception {
        live.llama().enqueue(Reply.error(400, "invalid_request_error", "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj"));
        String body = "{\"model\":\"hinksbot\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}";
        HttpResponse<String> r = live.gateway().post("/v1/chat/completions", body);
        JsonNode content = live.llama().lastChatRequest().path("messages").get(1).path("content");
        assertThat(content.isArray()).isTrue();
        assertThat(content.get(1).path("image_url").path("url").asText()).startsWith("data:image/png");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = Json.parse(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("image input is not supported");
        assertThat(error.has("type")).isTrue();
    }

    @Test
    void embeddingsCompletionsAndOneModelAreServed() throws Exception {
        live.llama().setModelId("local-model.gguf");
        HttpResponse<String> emb = live.gateway().post("/v1/embeddings", "{\"model\":\"local-model.gguf\",\"input\":\"hello\"}");
        assertThat(emb.statusCode()).isEqualTo(200);
        assertThat(Json.parse(emb.body()).path("data").get(0).path("embedding").size()).isEqualTo(2);
        assertThat(live.llama().requestsTo("/v1/embeddings")).last().satisfies(j -> assertThat(j.path("input").asText()).isEqualTo("hello"));
        HttpResponse<String> cmpl = live.gateway().post("/v1/completions", "{\"model\":\"local-model.gguf\",\"prompt\":\"Once\"}");
        assertThat(cmpl.statusCode()).isEqualTo(200);
        assertThat(Json.parse(cmpl.body()).path("choices").get(0).path("text").asText()).isEqualTo(" once upon a time");
        assertThat(live.gateway().post("/v1/embeddings", "[1]").statusCode()).isEqualTo(400);

        Model pirate = client().models().retrieve("pirate");
        assertThat(pirate.ownedBy()).isEqualTo("hinksbot");
        assertThat(pirate.created()).isGreaterThan(1_600_000_000L);
        assertThat(client().models().retrieve("local-model.gguf").created()).isPositive();
        assertThatThrownBy(() -> client().models().retrieve("no-such-model")).isInstanceOf(com.openai.errors.NotFoundException.class);
    }

    @Test
    void aProfileWithSessionsPerUserKeepsOneStoredSessionPerUser() throws Exception {
        Files.writeString(PROFILES.resolve("librarian.md"), "---\nsessions: per-user\n---\nYou keep records.\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> live.gateway().get("/v1/models/librarian").statusCode() == 200);
        String user = "carol@example.com";
        live.llama().enqueue(Reply.text("Noted."));
        HttpResponse<String> first = live.gateway().post("/v1/chat/completions",
                chat(user, "Remember 42").replace("\"hinksbot\"", "\"librarian\""));
        String session = first.headers().firstValue("X-Hinksbot-Session").orElseThrow();
        assertThat(session).startsWith("user:").doesNotContain("@");
        live.llama().enqueue(Reply.text("42."));
        live.gateway().post("/v1/chat/completions", chat(user, "What number?").replace("\"hinksbot\"", "\"librarian\""));
        assertThat(conversation(live.llama().lastChatRequest()))
                .containsExactly("user:Remember 42", "assistant:Noted.", "user:What number?");
        assertThat(live.gateway().get("/api/v1/sessions/" + session).body()).contains("Remember 42");
    }
}
