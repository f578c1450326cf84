package dev.hinksbot.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {

    private final List<String> contentDeltas = new ArrayList<>();
    private final List<String> reasoningDeltas = new ArrayList<>();
    private final StreamAssembler assembler = new StreamAssembler(new StreamAssembler.DeltaListener() {
        @Override
        public void onContent(String delta) {
            contentDeltas.add(delta);
        }

        @Override
        public void onReasoning(String delta) {
            reasoningDeltas.add(delta);
        }
    });

    private void feed(String... chunks) throws Exception {
        for (String c : chunks) {
            assembler.accept(parse(c));
        }
    }

    private static JsonNode parse(String json) throws Exception {
        return Json.parse(json.replace('\'', '"'));
    }

    private static String chunk(String delta, String finish) {
        return "{'id':'chatcmpl-1','object':'chat.completion.chunk','created':1,'model':'m.gguf',"
                + "'choices':[{'index':0,'delta':" + delta + ",'finish_reason':" + (finish == null ? "null" : "'" + finish + "'") + "}]}";
    }

    @Test
    void contentAndReasoningDeltasAreForwardedInOrderAndAssembled() throws Exception {
        feed(chunk("{'role':'assistant','content':null}", null),
                chunk("{'reasoning_content':'Let me'}", null),
                chunk("{'reasoning_content':' think.'}", null),
                chunk("{'content':'Hello'}", null),
                chunk("{'content':', '}", null),
                chunk("{'content':'world'}", null),
                chunk("{}", "stop"));

        assertThat(reasoningDeltas).containsExactly("Let me", " think.");
        assertThat(contentDeltas).containsExactly("Hello", ", ", "world");
        assertThat(assembler.finished()).isTrue();
        ModelTurn turn = assembler.result();
        assertThat(turn.content()).isEqualTo("Hello, world");
        assertThat(turn.reasoning()).isEqualTo("Let me think.");
        assertThat(turn.finishReason()).isEqualTo("stop");
        assertThat(turn.model()).isEqualTo("m.gguf");
        assertThat(turn.hasToolCalls()).isFalse();
    }

    @Test
    void notFinishedUntilAFinishReasonArrives() throws Exception {
        feed(chunk("{'role':'assistant','content':null}", null), chunk("{'content':'par'}", null));
        assertThat(assembler.finished()).isFalse();
        assertThat(assembler.partialContent()).isEqualTo("par");
    }

    @Test
    void severalToolCallsAreToldApartByIndexWithInterleavedArgumentFragments() throws Exception {
        feed(chunk("{'role':'assistant','content':null}", null),
                chunk("{'tool_calls':[{'index':0,'id':'call_a','type':'function','function':{'name':'get_weather','arguments':''}}]}", null),
                chunk("{'tool_calls':[{'index':1,'id':'call_b','type':'function','function':{'name':'read_file','arguments':'{\\'pa'}}]}", null),
                chunk("{'tool_calls':[{'index':0,'function':{'arguments':'{\\'city\\':'}}]}", null),
                chunk("{'tool_calls':[{'index':1,'function':{'arguments':'th\\':\\'a.txt\\'}'}}]}", null),
                chunk("{'tool_calls':[{'index':0,'function':{'arguments':'\\'Paris\\'}'}}]}", null),
                chunk("{}", "tool_calls"));

        ModelTurn turn = assembler.result();
        assertThat(turn.finishReason()).isEqualTo("tool_calls");
        assertThat(turn.toolCalls()).containsExactly(
                new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "read_file", "{\"path\":\"a.txt\"}"));
        assertThat(contentDeltas).isEmpty();
    }

    @Test
    void toolCallWithoutIdGetsAStableGeneratedId() throws Exception {
        feed(chunk("{'tool_calls':[{'index':0,'function':{'name':'ls','arguments':'{}'}}]}", null),
                chunk("{}", "tool_calls"));
        assertThat(assembler.result().toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.id()).isNotBlank();
            assertThat(c.name()).isEqualTo("ls");
            assertThat(c.arguments()).isEqualTo("{}");
        });
    }

    @Test
    void usageOnASeparateEmptyChoicesChunkIsRead() throws Exception {
        feed(chunk("{'content':'Hi'}", null),
                chunk("{}", "stop"),
                "{'id':'chatcmpl-1','object':'chat.completion.chunk','choices':[],"
                        + "'usage':{'prompt_tokens':12,'completion_tokens':3,'total_tokens':15},"
                        + "'timings':{'cache_n':4,'prompt_n':8,'prompt_ms':10.5,'prompt_per_second':760,"
                        + "'predicted_n':3,'predicted_ms':20.0,'predicted_per_second':150.0}}");

        ModelTurn turn = assembler.result();
        assertThat(turn.content()).isEqualTo("Hi");
        assertThat(turn.usage().promptTokens()).isEqualTo(12);
        assertThat(turn.usage().completionTokens()).isEqualTo(3);
        assertThat(turn.usage().totalTokens()).isEqualTo(15);
        assertThat(turn.usage().cachedTokens()).isEqualTo(4);
        assertThat(turn.usage().upstreamMs()).isEqualTo(30.5);
        assertThat(turn.usage().tokensPerSecond()).isEqualTo(150.0);
    }

    @Test
    void usageAndTimingsOnTheFinishChunkAreRead() throws Exception {
        // Older builds put usage/timings on the finish chunk itself.
        feed(chunk("{'content':'Hi'}", null),
                "{'choices':[{'index':0,'delta':{},'finish_reason':'length'}],"
                        + "'usage':{'prompt_tokens':7,'completion_tokens':2,'total_tokens':9},"
                        + "'timings':{'cache_n':0,'prompt_n':7,'prompt_ms':1.0,'predicted_n':2,'predicted_ms':2.0,'predicted_per_second':1000.0}}");

        ModelTurn turn = assembler.result();
        assertThat(turn.finishReason()).isEqualTo("length");
        assertThat(turn.usage().promptTokens()).isEqualTo(7);
        assertThat(turn.usage().completionTokens()).isEqualTo(2);
        assertThat(turn.usage().upstreamMs()).isEqualTo(3.0);
        assertThat(turn.usage().tokensPerSecond()).isEqualTo(1000.0);
    }

    @Test
    void timingsAloneGiveTokenCounts() throws Exception {
        feed("{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}],"
                + "'timings':{'cache_n':2,'prompt_n':5,'prompt_ms':1.0,'predicted_n':6,'predicted_ms':2.0,'predicted_per_second':3.0}}");
        Usage usage = assembler.result().usage();
        assertThat(usage.promptTokens()).isEqualTo(5);
        assertThat(usage.completionTokens()).isEqualTo(6);
        assertThat(usage.cachedTokens()).isEqualTo(2);
    }

    @Test
    void noUsageMeansZeroUsage() throws Exception {
        feed(chunk("{'content':'Hi'}", null), chunk("{}", "stop"));
        assertThat(assembler.result().usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void midStreamErrorBecomesModelErrorAndKeepsThePartialText() throws Exception {
        feed(chunk("{'content':'Partial'}", null));

        assertThatThrownBy(() -> feed("{'error':{'code':500,'message':'slot crashed','type':'server_error'}}"))
                .isInstanceOfSatisfying(ModelException.class, e -> {
                    assertThat(e.code()).isEqualTo("model_error");
                    assertThat(e.error()).isEqualTo(ModelError.MODEL_ERROR);
                    assertThat(e.getMessage()).contains("slot crashed");
                });
        assertThat(assembler.partialContent()).isEqualTo("Partial");
    }
}
